"""How list failures are told: one line per cause, naming the protocols it struck."""

from tui_models.gateway.errors import KeyRejected, NetworkError, grouped


def test_one_cause_is_one_line_naming_every_protocol_it_struck():
    errors = [KeyRejected(p, "invalid token", status=401) for p in ("openai", "claude")]
    errors.append(NetworkError("gemini", "connection refused"))
    assert grouped(errors) == ["OpenAI, Claude: key rejected (HTTP 401): invalid token",
                               "Gemini: " + errors[2].reason]
    assert errors[0].reason == "key rejected (HTTP 401): invalid token"


def test_different_details_stay_apart():
    errors = [KeyRejected("openai", "invalid token", status=401),
              KeyRejected("claude", "token expired", status=401)]
    assert grouped(errors) == [e.message for e in errors]
