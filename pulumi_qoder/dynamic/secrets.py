"""The tables' `secret` flags in the dynamic resources' state and outputs.

A field declared secret (a repository's `authorization_token`) must be encrypted in the
stack's state however the program gave it, as the native plugin keeps it. The SDK marks
secrets per input, so each input that is secret or holds a secret field (`resources`) goes
to the engine as a secret, which encrypts it in the state's inputs; the outputs of the same
names are listed in `additional_secret_outputs`, which encrypts them in the state's outputs
and hides them in the CLI's output.
"""

from __future__ import annotations

from typing import Any

import pulumi

from pulumi_qoder.core.fields.field import Resource
from pulumi_qoder.core.fields.secrets import holding_secrets

__all__ = ["mark_secrets"]


def mark_secrets(
    resource: Resource, props: dict[str, Any], opts: pulumi.ResourceOptions | None
) -> pulumi.ResourceOptions | None:
    """Wrap `props`' inputs that hold secrets as secrets (in place); `opts` with their
    outputs added to `additional_secret_outputs`."""
    names = holding_secrets(resource)
    if not names:
        return opts
    for name in names:
        if props.get(name) is not None:
            props[name] = pulumi.Output.secret(props[name])
    return pulumi.ResourceOptions.merge(
        opts, pulumi.ResourceOptions(additional_secret_outputs=list(names))
    )
