"""Every nginx sample in docs/operations.md is a configuration nginx accepts (Debian's
nginx, `nginx -t`), with only its addresses and certificate paths changed. The several-nodes
sample is also run in front of real nodes (tests/integration/test_several_nodes.py)."""

from __future__ import annotations

from pathlib import Path

from tests.support.balancer import nginx_command, nginx_samples
from tests.support.server import free_port


def test_every_nginx_sample_in_the_operations_guide_is_accepted_by_nginx(
        tmp_path: Path) -> None:
    samples = nginx_samples()
    assert len(samples) >= 2, "the single-node and several-nodes samples"
    for number, sample in enumerate(samples):
        nodes = ({f"node{i}": free_port() for i in range(3)}
                 if "upstream indaba_nodes" in sample else None)
        nginx_command(tmp_path / f"sample{number}", sample, free_port(), nodes)
