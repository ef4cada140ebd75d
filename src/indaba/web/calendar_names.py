"""Month and weekday names, marked so that Indaba's own catalogues carry them.

Django formats dates with its own translated names (django.utils.dates) and ships no
isiZulu catalogue; `makemessages` only sees strings in Indaba's source, so the names are
declared here with the very msgids and contexts Django looks up. At run time Django's lazy
names find the translations in src/indaba/locale (LOCALE_PATHS) for zu, while af keeps
Django's own."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
            _("Saturday"), _("Sunday"))
WEEKDAYS_ABBR = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
MONTHS = (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
          _("July"), _("August"), _("September"), _("October"), _("November"),
          _("December"))
MONTHS_3 = (_("jan"), _("feb"), _("mar"), _("apr"), _("may"), _("jun"), _("jul"),
            _("aug"), _("sep"), _("oct"), _("nov"), _("dec"))
MONTHS_AP = (pgettext_lazy("abbrev. month", "Jan."), pgettext_lazy("abbrev. month", "Feb."),
             pgettext_lazy("abbrev. month", "March"), pgettext_lazy("abbrev. month", "April"),
             pgettext_lazy("abbrev. month", "May"), pgettext_lazy("abbrev. month", "June"),
             pgettext_lazy("abbrev. month", "July"), pgettext_lazy("abbrev. month", "Aug."),
             pgettext_lazy("abbrev. month", "Sept."), pgettext_lazy("abbrev. month", "Oct."),
             pgettext_lazy("abbrev. month", "Nov."), pgettext_lazy("abbrev. month", "Dec."))
