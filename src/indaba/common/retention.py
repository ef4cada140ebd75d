"""The retention policy, one rule per kind of record: what is kept, why, and what happens
after how many days. The privacy page, the join notice, docs/privacy.md and `indaba
retention run` all read this table, so what people are told cannot drift from what is done.

Nothing here touches the database (indaba.privacy.retention applies the rules)."""

from __future__ import annotations

from dataclasses import dataclass

from indaba import config


@dataclass(frozen=True)
class Rule:
    key: str  # the record type, as `indaba retention run` reports it
    setting: str  # the config setting holding the number of days
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
            return "kept until removed by hand"
        return "1 day" if days == 1 else f"{days} days"


RULES: tuple[Rule, ...] = (
    Rule("attendance", "RETAIN_ATTENDANCE_DAYS",
         "Who joined a session: your account or the display name you typed, whether you "
         "were in the room or online, when you joined, were last seen and left.",
         "So the facilitator can run a hybrid session fairly and the community can count "
         "attendance (in the room and online) as evidence of its work.",
         "after the session ends",
         "the name, account and board access are removed; one row per person keeps only "
         "in the room / online, so attendance counts stay"),
    Rule("activity", "RETAIN_ACTIVITY_DAYS",
         "What each person did on a board: notes written, votes cast (not what for, when "
         "the vote is anonymous), reactions. Facilitators see, per person, who has and who "
         "has not contributed yet (the engagement panel), including the names of people who "
         "have been silent.",
         "So a facilitator can invite quieter people in, and the session's results can "
         "count participation in the room and online.",
         "after the act",
         "who did it is removed; the kind of act, the board and the time stay"),
    Rule("votes", "RETAIN_VOTES_DAYS",
         "Votes (which note; who cast them only in a vote that is not anonymous) and notes "
         "written in a private brainstorm. In an anonymous vote the server stores a key "
         "that is thrown away at the reveal; in an anonymous brainstorm the author is "
         "removed at the reveal.",
         "So each person's vote limit can be kept and results shown only at the reveal.",
         "after the vote or note",
         "the voter is removed (the number of votes per note stays) and private notes are "
         "deleted (revealed ones are on the board)"),
    Rule("login_failures", "RETAIN_LOGIN_FAILURES_DAYS",
         "Failed sign-ins: the user name or e-mail address typed, the network address, "
         "the time.",
         "To slow down password guessing.",
         "after the attempt",
         "deleted"),
    Rule("access_tokens", "RETAIN_ACCESS_TOKENS_DAYS",
         "Board access: the display name you are shown under on a board and how long the "
         "access lasts.",
         "So a board shows who wrote what and access can end or be revoked.",
         "after the access expired or was revoked",
         "deleted"),
    Rule("join_links", "RETAIN_JOIN_LINKS_DAYS",
         "Join codes and links of sessions, and invitations to a community (the e-mail "
         "address invited).",
         "So people can join and invitations can be accepted.",
         "after the link expired, was revoked or its session ended, and after the "
         "invitation expired or was accepted",
         "deleted"),
    Rule("outbox", "RETAIN_OUTBOX_DAYS",
         "E-mails (invitations, password resets) written to the server's outbox folder when "
         "no mail server is set.",
         "So an operator can pass the link on by hand.",
         "after it was written",
         "deleted"),
)

RULES_BY_KEY: dict[str, Rule] = {rule.key: rule for rule in RULES}
