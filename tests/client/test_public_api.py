"""What users import: the client, OMIT, the error tree and the models."""

import pulumi_qoder
from pulumi_qoder import errors, models
from pulumi_qoder.client import OMIT, QoderClient

ERRORS = [
    "QoderError", "APIError", "APIConnectionError", "APITimeoutError", "APIStatusError",
    "InvalidRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError",
    "ConflictError", "RateLimitError", "InternalServerError", "ServiceUnavailableError",
    "FeatureNotAvailableError",
]
MODELS = [
    "Deployment", "Schedule", "AgentRef", "InitialEvent", "DeploymentMetadata", "CasConfig",
    "PausedReason", "DeploymentRun", "TriggerContext", "RunError", "CasRunExtras",
    "DeploymentList", "DeploymentRunList", "ErrorEnvelope",
]


def test_package_exports_the_client_errors_and_version():
    assert pulumi_qoder.QoderClient is QoderClient
    assert {"QoderClient", "__version__", *ERRORS} <= set(pulumi_qoder.__all__)
    assert all(getattr(pulumi_qoder, name) is getattr(errors, name) for name in ERRORS)


def test_error_tree_matches_the_documented_shape():
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert issubclass(errors.ServiceUnavailableError, errors.InternalServerError)
    assert issubclass(errors.APIStatusError, errors.APIError)
    assert issubclass(errors.APIError, errors.QoderError)


def test_models_module_exports_the_documented_models():
    assert set(MODELS) <= set(models.__all__)


def test_omit_is_falsy_and_reads_as_omit():
    assert not OMIT
    assert repr(OMIT) == "OMIT"
