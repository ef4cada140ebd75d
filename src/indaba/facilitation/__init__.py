"""Facilitation toolkit: timer, dot voting, private brainstorm, reactions, locks, follow
and summon, the engagement panel and the phone view. See docs/board-document.md
("Workshop state") for what lives in the board document; private notes and unrevealed
votes live only in this app's tables."""
