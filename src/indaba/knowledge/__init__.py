"""Knowledge items harvested from boards, peer reviewed, searched, reused."""
