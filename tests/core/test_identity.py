"""A resource's identity: derived auto-names and create keys (pure)."""

from pulumi_qoder.core.deployment.identity import Identity, create_key, retry_key
from pulumi_qoder.core.deployment.plan import diff

STACK = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"
BODY = {"name": "report-abc1234", "agent": "agent_1", "environment_id": "env_1",
        "initial_events": [{"type": "user.message", "content": "hi"}]}


def test_identity_needs_scope_and_resource_name():
    assert Identity.of({"__scope": STACK, "__name": "report"}) == Identity(STACK, "report")
    assert Identity.of({"__name": "report"}) is None
    assert Identity.of({"__scope": STACK}) is None


def test_a_resource_owns_only_its_own_derived_name():
    mine, other = Identity(STACK, "report"), Identity(STACK, "other")
    assert mine.owns_name(mine.auto_name())
    assert not mine.owns_name(other.auto_name())
    assert not mine.owns_name("report")


def test_the_create_key_is_the_same_for_the_same_resource_and_body():
    assert create_key(Identity(STACK, "report"), BODY) == create_key(
        Identity(STACK, "report"), dict(reversed(list(BODY.items())))
    )


def test_the_create_key_changes_with_the_body_or_the_resource():
    key = create_key(Identity(STACK, "report"), BODY)
    assert create_key(Identity(STACK, "report"), {**BODY, "description": "x"}) != key
    assert create_key(Identity(STACK, "other"), BODY) != key


def test_a_create_key_fits_a_header_and_shows_no_body_text():
    key = create_key(Identity(STACK, "report"), {**BODY, "description": "secret-ish"})
    assert key.startswith("pulumi-qoder-create-") and len(key) <= 64
    assert "secret" not in key


def test_a_retry_key_is_derived_and_differs_per_reason():
    key = create_key(Identity(STACK, "report"), BODY)
    assert retry_key(key, "dep_1") == retry_key(key, "dep_1")
    assert len({key, retry_key(key, "dep_1"), retry_key(key, "dep_2")}) == 3


def test_an_unset_name_is_not_compared():
    live = {"name": "live-name", "agent": "agent_1", "status": "active"}
    assert "name" not in diff(live, {**live, "name": None}).changed
    assert "name" in diff(live, {**live, "name": "other"}).changed
