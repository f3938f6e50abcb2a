"""The Python declarations generated from the field tables are what the tables make now."""

from __future__ import annotations

import pickle

import pytest

from pulumi_qoder.core.fields import DEPLOYMENT, codegen
from pulumi_qoder.core.fields.field import Field, Resource


def test_every_generated_section_is_what_the_field_tables_make():
    stale = [str(path.relative_to(codegen.PACKAGE.parent)) for path in codegen.stale()]
    assert not stale, f"stale generated code in {stale}: run `make schema`"


def test_a_table_edit_makes_the_sections_stale(monkeypatch):
    labels = Field("labels", "{string}", "Your labels.", when_unset={})
    edited = Resource(DEPLOYMENT.name, DEPLOYMENT.description, (*DEPLOYMENT.fields, labels))
    monkeypatch.setattr(codegen, "DEPLOYMENT", edited)
    stale = {path.name for path in codegen.stale()}
    assert stale == {"deployment.py", "params.py"}


def test_a_new_map_field_is_declared_in_the_args_the_outputs_and_both_request_models():
    labels = Field("labels", "{string}", "Your labels.", when_unset={})
    edited = Resource(DEPLOYMENT.name, DEPLOYMENT.description, (*DEPLOYMENT.fields, labels))
    args = "\n".join(codegen.args_class(edited, "DeploymentArgs", "Args."))
    outputs = "\n".join(codegen.output_attributes(edited))
    create = "\n".join(codegen.request_model(edited, "DeploymentCreate", "C.", patch=False))
    patch = "\n".join(codegen.request_model(edited, "DeploymentPatch", "P.", patch=True))
    assert 'labels: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None' in args
    assert "labels: pulumi.Output[Mapping[str, str]]" in outputs
    assert "labels: dict[str, str] | None = None" in create
    assert "labels: dict[str, str | None] | None = None" in patch  # None deletes a key


def test_a_section_without_its_markers_is_an_error_not_a_silent_skip():
    section = next(s for s in codegen.SECTIONS if s.name == "DeploymentArgs")
    with pytest.raises(LookupError, match="DeploymentArgs"):
        codegen.render("no markers here\n", [section])


def test_the_generated_classes_keep_their_import_paths_and_pickle():
    from pulumi_qoder import DeploymentArgs, ScheduleArgs
    from pulumi_qoder.client.params import DeploymentCreate, DeploymentPatch
    from pulumi_qoder.models import Deployment

    assert DeploymentArgs.__module__ == "pulumi_qoder.dynamic.deployment"
    assert ScheduleArgs(expression="0 9 * * *", timezone="UTC").expression == "0 9 * * *"
    args = DeploymentArgs(agent="agent_1", environment_id="env_1", initial_events=[],
                          metadata={"team": "infra"})
    assert args.metadata == {"team": "infra"}
    body = DeploymentCreate(name="n", agent="agent_1", environment_id="env_1",
                            initial_events=[{"type": "user.message", "content": "hi"}])
    assert pickle.loads(pickle.dumps(body)) == body
    patch = DeploymentPatch(metadata={"gone": None})
    assert pickle.loads(pickle.dumps(patch)).to_body() == {"metadata": {"gone": None}}
    assert Deployment.__module__ == "pulumi_qoder.client.models"
