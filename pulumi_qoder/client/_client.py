"""QoderClient: bearer auth, retries and typed responses over one shared httpx.Client."""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from pulumi_qoder._version import __version__
from pulumi_qoder.client._config import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_READS_PER_SECOND,
    DEFAULT_RETRY_TIMEOUT,
    DEFAULT_TIMEOUT,
    DEFAULT_WRITES_PER_SECOND,
    resolve_settings,
)
from pulumi_qoder.client._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    error_from_response,
)
from pulumi_qoder.client._ratelimit import READ_METHODS, shared_limiter
from pulumi_qoder.client._retry import key_in_flight, retry_delay, should_retry
from pulumi_qoder.client._throttle import is_throttle, out_of_budget
from pulumi_qoder.client._transport import CLOSED, check_headers, failure, new_http_client

if TYPE_CHECKING:
    import httpx
    from httpx import Response as Reply
    from pydantic import BaseModel

    from pulumi_qoder.client.deployments import Deployments
    from pulumi_qoder.client.runs import Runs

__all__ = ["USER_AGENT", "QoderClient"]

USER_AGENT = f"pulumi-qoder/{__version__}"

ModelT = TypeVar("ModelT", bound="BaseModel")

class QoderClient:
    """A client for the Qoder Cloud Agents Deployments API.

    The token comes from `token` or `$QODER_PAT`; the base URL from `base_url`, `region`
    (`global` or `cn`) or `$QODER_BASE_URL`. Pass `http_client` to reuse another
    httpx.Client's transport (e.g. starlette's TestClient); it is then not closed here.

    A failed call is retried (see `_retry.should_retry`) up to `max_retries` times, and no
    retry starts later than `retry_timeout` seconds after the call began: a call takes at
    most `retry_timeout` plus one request's `timeout`. A 429 or 503 is retried for as long
    as `retry_timeout` lasts, whatever `max_retries` (unless 0) says. Every POST carries one
    Idempotency-Key for all its attempts, so a retried write is replayed, never repeated.

    Writes and reads are paced at `writes_per_second` and `reads_per_second` (the API's
    documented 20 and 50 per token), by one limiter that every client and thread of the
    process calling this API with this token shares (`_ratelimit`): a 429 or 503 cools
    them all down.
    """

    def __init__(
        self,
        token: str | None = None,
        base_url: str | None = None,
        region: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], object] = time.sleep,
        retry_timeout: float = DEFAULT_RETRY_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
        writes_per_second: float = DEFAULT_WRITES_PER_SECOND,
        reads_per_second: float = DEFAULT_READS_PER_SECOND,
    ) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, got {max_retries}")
        if not retry_timeout >= 0:
            raise ValueError(f"retry_timeout must be 0 or more seconds, got {retry_timeout}")
        for name, rate in (("writes_per_second", writes_per_second),
                           ("reads_per_second", reads_per_second)):
            if not 0 < rate < float("inf"):
                raise ValueError(f"{name} must be a number above 0, got {rate}")
        settings = resolve_settings(token, base_url, region)
        self._token = settings.token
        self.base_url = settings.base_url
        self.timeout = timeout
        self.max_retries = max_retries
        self.retry_timeout = float(retry_timeout)
        self._sleep = sleep
        self._clock = clock
        self._rng = random.Random()
        # One pace per token and API for the whole process: every client and thread of it.
        self._limiter = shared_limiter(self.base_url, self._token, writes_per_second,
                                       reads_per_second, clock)
        # Every request goes through one httpx.Client (`_transport`): the caller's, left
        # open by close(), or this client's own, made on the first request (so a process
        # that makes none never imports httpx) and shared by every calling thread.
        self._http: httpx.Client | None = http_client
        self._owns_http = http_client is None
        self._http_lock = threading.Lock()
        self._closed = False
        self._deployments: Deployments | None = None
        self._runs: Runs | None = None

    # The resources load with their first use, and with them pydantic and the response
    # models (~0.15 s of CPU): a caller that reads no answer (`cast_to=None`) loads neither.
    @property
    def deployments(self) -> Deployments:
        """`/deployments`: create, read, update, list, pause, unpause, archive, run."""
        if self._deployments is None:
            from pulumi_qoder.client.deployments import Deployments

            self._deployments = Deployments(self)
        return self._deployments

    @property
    def runs(self) -> Runs:
        """`/deployment_runs`: runs across all deployments."""
        if self._runs is None:
            from pulumi_qoder.client.runs import Runs

            self._runs = Runs(self)
        return self._runs

    def _http_client(self) -> httpx.Client:
        http = self._http
        if http is None:
            with self._http_lock:
                if self._closed:
                    raise RuntimeError(CLOSED)
                if self._http is None:
                    self._http = new_http_client(self.base_url, self.timeout)
                http = self._http
        return http

    def __repr__(self) -> str:
        return f"<QoderClient base_url={self.base_url!r}>"

    def __enter__(self) -> QoderClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close this client's connections, unless they belong to a caller-supplied client."""
        if not self._owns_http:
            return
        with self._http_lock:
            self._closed = True
            http = self._http
        if http is not None:
            http.close()

    @overload
    def request(self, method: str, path: str, *, cast_to: type[ModelT],
                params: Mapping[str, Any] | None = None, body: Any = None,
                idempotency_key: str | None = None) -> ModelT: ...

    @overload
    def request(self, method: str, path: str, *, cast_to: None,
                params: Mapping[str, Any] | None = None, body: Any = None,
                idempotency_key: str | None = None) -> None: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[ModelT] | None,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        idempotency_key: str | None = None,
    ) -> ModelT | None:
        """Send one logical call (retrying as policy allows) and parse the response.

        A POST is sent with `idempotency_key`, or a fresh UUID4 when none is given. With
        `cast_to=None` a successful answer is only checked to be a JSON object and None is
        returned (a caller that needs only the success, such as the provider's archive on
        destroy; no model is built, so pydantic need not load).
        """
        headers = {
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            "Authorization": f"Bearer {self._token}",
        }
        if method == "POST":
            # Every POST gets a key minted once per call and reused on each attempt: a retry
            # after a lost response then replays the first result instead of creating a
            # second deployment or run, or hitting "already paused".
            headers["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())
        write, throttled_since = method not in READ_METHODS, None
        last_error: APIConnectionError | APIStatusError | None = None
        deadline = self._clock() + self.retry_timeout
        attempt = 0
        while True:
            # This token's turn, shared with every thread and client (`_ratelimit`); no
            # retry's turn comes after the budget, the first call's always comes.
            turn = self._limiter.turn(write, self._sleep, deadline if attempt else None)
            if turn is None:
                raise out_of_budget(last_error, throttled_since, self._clock(), self.retry_timeout)
            try:
                response = self._attempt(method, path, headers, params, body)
            except (APIConnectionError, APIStatusError) as error:
                last_error = error
                reply_headers = error.headers if isinstance(error, APIStatusError) else {}
                delay = retry_delay(attempt, reply_headers, self._rng)
                throttle = _retryable(error) and is_throttle(error)
                self._limiter.answered(turn, reply_headers, ok=False,
                                       throttle=delay if throttle else None)
                if not _retryable(error) or not self.max_retries:
                    raise
                if throttle:  # bounded by the budget alone; the cool-down is waited in turn()
                    throttled_since = turn.at if throttled_since is None else throttled_since
                elif attempt >= self.max_retries or self._clock() + delay > deadline:
                    raise  # the next attempt would start after the budget: this is the answer
                else:
                    self._sleep(delay)
                attempt += 1
            else:
                self._limiter.answered(turn, response.headers)
                if cast_to is None:
                    self._check_object(response, method, self.base_url + path)
                    return None
                return self._parse(response, cast_to, method, self.base_url + path)

    def _attempt(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        params: Mapping[str, Any] | None,
        body: Any,
    ) -> Reply:
        check_headers(headers)
        http = self._http_client()
        url = self.base_url + path
        error: APIConnectionError | None = None
        try:
            request = http.build_request(method, url, params=params, json=body,
                                         headers=headers, timeout=self.timeout)
            response = http.send(request)  # read whole, the connection back in the pool
        except Exception as exc:
            what = failure(exc)
            if what is None:
                raise
            text = self._redact(f"{method} {url}: {what.name}: {exc}")
            if what.permanent is not None:
                text += f" (not retried: {what.permanent})"
            kind = APITimeoutError if what.timeout else APIConnectionError
            error = kind(("request timed out: " if what.timeout else "connection error: ") + text,
                         method=method, url=url, retryable=what.permanent is None)
        if error is not None:
            # Raised outside the except block: httpx's exception (whose request holds the
            # Authorization header) is neither the cause nor the context.
            raise error
        if not response.is_success:
            # A server that echoes the Authorization header must not put it in our errors.
            content = response.content.replace(self._token.encode(), b"[redacted]")
            raise error_from_response(
                response.status_code, response.headers, content, method=method, url=url,
            )
        return response

    def _parse(
        self, response: Reply, cast_to: type[ModelT], method: str, url: str
    ) -> ModelT:
        from pydantic import ValidationError  # loaded already: cast_to is a pydantic model

        try:
            return cast_to.model_validate_json(response.content)
        except ValidationError as exc:
            problem = f"not a valid {cast_to.__name__}: {exc}"
        # Raised outside the except block: the pydantic error would echo the body as context.
        raise self._invalid(response, method, url, problem)

    def _check_object(self, response: Reply, method: str, url: str) -> None:
        """That a success's body is a JSON object (not, say, a web page a wrong base URL
        answers with), without building a model."""
        try:
            if isinstance(json.loads(response.content), dict):
                return None
        except ValueError:
            pass
        raise self._invalid(response, method, url, "not a JSON object")

    def _invalid(self, response: Reply, method: str, url: str,
                 problem: str) -> APIResponseValidationError:
        return APIResponseValidationError(
            self._redact(f"{method} {url} returned a body that is {problem}"),
            status_code=response.status_code,
            body=self._redact(response.text),
            method=method,
            url=url,
        )

    def _redact(self, text: str) -> str:
        return text.replace(self._token, "[redacted]")


def _retryable(error: APIConnectionError | APIStatusError) -> bool:
    if isinstance(error, APIConnectionError):
        return error.retryable and should_retry(None)
    return should_retry(error.status_code, error.headers) or key_in_flight(error)
