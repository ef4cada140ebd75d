"""The retention policy, one rule per kind of record: what is kept, why, and what happens
after how many days. The privacy page, the join notice, docs/privacy.md and `indaba
retention run` all read this table, so what people are told cannot drift from what is done.

Nothing here touches the database (indaba.privacy.retention applies the rules)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop, ngettext

from indaba import config


@dataclass(frozen=True)
class Rule:
    key: str  # the record type, as `indaba retention run` reports it
    setting: str  # the config setting holding the number of days
    # The words below are English here (docs/privacy.md and the CLI quote them) and
    # translated where a page shows them (`{% translate rule.record %}`).
    record: str  # what is kept, in plain words
    why: str
    counted_from: str
    then: str  # what happens once the days have passed

    @property
    def days(self) -> int:
        days: int = config.get(self.setting)
        return days

    @property
    def env_var(self) -> str:
        return config.SETTINGS_BY_NAME[self.setting].env_var

    @property
    def period(self) -> str:
        """The period in words: "365 days" or "kept until removed by hand" (0 = off)."""
        days = self.days
        if days == 0:
            return gettext("kept until removed by hand")
        return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


RULES: tuple[Rule, ...] = (
    Rule("attendance", "RETAIN_ATTENDANCE_DAYS",
         gettext_noop("Who joined a session: your account or the display name you typed, "
                      "whether you were in the room or online, when you joined, were last seen "
                      "and left."),
         gettext_noop("So the facilitator can run a hybrid session fairly and the community can "
                      "count attendance (in the room and online) as evidence of its work."),
         gettext_noop("after the session ends"),
         gettext_noop("the name, account and board access are removed; one row per person keeps "
                      "only in the room / online, so attendance counts stay")),
    Rule("activity", "RETAIN_ACTIVITY_DAYS",
         gettext_noop("What each person did on a board: notes written, votes cast (not what "
                      "for, when the vote is anonymous), reactions. Facilitators see, per "
                      "person, who has and who has not contributed yet (the engagement panel), "
                      "including the names of people who have been silent."),
         gettext_noop("So a facilitator can invite quieter people in, and the session's results "
                      "can count participation in the room and online."),
         gettext_noop("after the act"),
         gettext_noop("who did it is removed; the kind of act, the board and the time stay")),
    Rule("votes", "RETAIN_VOTES_DAYS",
         gettext_noop("Votes (which note; who cast them only in a vote that is not anonymous) "
                      "and notes written in a private brainstorm. In an anonymous vote the "
                      "server stores a key that is thrown away at the reveal; in an anonymous "
                      "brainstorm the author is removed at the reveal."),
         gettext_noop("So each person's vote limit can be kept and results shown only at the "
                      "reveal."),
         gettext_noop("after the vote or note"),
         gettext_noop("the voter is removed (the number of votes per note stays) and private "
                      "notes are deleted (revealed ones are on the board)")),
    Rule("login_failures", "RETAIN_LOGIN_FAILURES_DAYS",
         gettext_noop("Failed sign-ins: the user name or e-mail address typed, the network "
                      "address, the time."),
         gettext_noop("To slow down password guessing."),
         gettext_noop("after the attempt"),
         gettext_noop("deleted")),
    Rule("access_tokens", "RETAIN_ACCESS_TOKENS_DAYS",
         gettext_noop("Board access: the display name you are shown under on a board and how "
                      "long the access lasts."),
         gettext_noop("So a board shows who wrote what and access can end or be revoked."),
         gettext_noop("after the access expired or was revoked"),
         gettext_noop("deleted")),
    Rule("join_links", "RETAIN_JOIN_LINKS_DAYS",
         gettext_noop("Join codes and links of sessions, and invitations to a community (the "
                      "e-mail address invited)."),
         gettext_noop("So people can join and invitations can be accepted."),
         gettext_noop("after the link expired, was revoked or its session ended, and after the "
                      "invitation expired or was accepted"),
         gettext_noop("deleted")),
    Rule("outbox", "RETAIN_OUTBOX_DAYS",
         gettext_noop("E-mails (invitations, password resets) written to the server's outbox "
                      "folder when no mail server is set."),
         gettext_noop("So an operator can pass the link on by hand."),
         gettext_noop("after it was written"),
         gettext_noop("deleted")),
)

RULES_BY_KEY: dict[str, Rule] = {rule.key: rule for rule in RULES}
