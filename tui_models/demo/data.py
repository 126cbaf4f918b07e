"""The demo gateway's models: a curated, realistic set plus any number of synthetic ones.

Prices are written here in USD per 1M tokens and served in each wire format's own unit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoModel:
    id: str
    owner: str
    name: str
    context: int | None = None
    max_output: int | None = None
    input_1m: float | None = None
    output_1m: float | None = None
    endpoints: tuple[str, ...] = ("openai",)
    vip: bool = False
    """Listed only for keys in the `vip` group."""
    per_request: float | None = None
    description: str | None = None
    created: str | None = None
    methods: tuple[str, ...] = ()
    native_only: bool = False
    """Listed only under its native protocol (synthetic models are, so N of them make N
    records); curated models are also on the OpenAI list, as gateways list them."""

    @property
    def protocols(self) -> tuple[str, ...]:
        """The lists that carry this model."""
        family = self.family
        if family is None:
            return ("openai",)
        return (family,) if self.native_only else ("openai", family)

    @property
    def family(self) -> str | None:
        """The native protocol list (besides OpenAI's) that also carries this model."""
        if self.owner == "anthropic":
            return "claude"
        if self.owner == "google":
            return "gemini"
        return None


_CHAT = ("openai", "openai-response")
_RESPONSES = ("openai-response",)
_EMB = ("embeddings",)
_IMG = ("image-generation",)
_RERANK = ("jina-rerank",)
_CLAUDE = ("anthropic", "openai")
_GEMINI = ("gemini", "openai")

CURATED: tuple[DemoModel, ...] = (
    # OpenAI
    DemoModel("gpt-4o", "openai", "GPT-4o", 128_000, 16_384, 2.5, 10, _CHAT,
              description="OpenAI's flagship multimodal model."),
    DemoModel("GPT-4o", "azure", "GPT-4o (Azure deployment)", 128_000, 16_384, 2.5, 10, _CHAT,
              description="The Azure deployment name: a case twin of gpt-4o."),
    DemoModel("gpt-4o-mini", "openai", "GPT-4o mini", 128_000, 16_384, 0.15, 0.6, _CHAT),
    DemoModel("gpt-4o-2024-11-20", "openai", "GPT-4o (2024-11-20)", 128_000, 16_384, 2.5, 10,
              _CHAT),
    DemoModel("chatgpt-4o-latest", "openai", "ChatGPT-4o latest", 128_000, 16_384, 5, 15, _CHAT),
    DemoModel("gpt-4.1", "openai", "GPT-4.1", 1_047_576, 32_768, 2, 8, _CHAT),
    DemoModel("gpt-4.1-mini", "openai", "GPT-4.1 mini", 1_047_576, 32_768, 0.4, 1.6, _CHAT),
    DemoModel("gpt-4.1-nano", "openai", "GPT-4.1 nano", 1_047_576, 32_768, 0.1, 0.4, _CHAT),
    DemoModel("gpt-4.5-preview", "openai", "GPT-4.5 preview", 128_000, 16_384, 75, 150, _CHAT,
              vip=True),
    DemoModel("gpt-4-turbo", "openai", "GPT-4 Turbo", 128_000, 4_096, 10, 30, _CHAT),
    DemoModel("gpt-3.5-turbo", "openai", "GPT-3.5 Turbo", 16_385, 4_096, 0.5, 1.5, _CHAT),
    DemoModel("gpt-5", "openai", "GPT-5", 400_000, 128_000, 1.25, 10, _CHAT, vip=True),
    DemoModel("gpt-5-mini", "openai", "GPT-5 mini", 400_000, 128_000, 0.25, 2, _CHAT),
    DemoModel("gpt-5-nano", "openai", "GPT-5 nano", 400_000, 128_000, 0.05, 0.4, _CHAT),
    DemoModel("o1", "openai", "o1", 200_000, 100_000, 15, 60, _CHAT, vip=True),
    DemoModel("o1-mini", "openai", "o1-mini", 128_000, 65_536, 1.1, 4.4, _CHAT),
    DemoModel("o3", "openai", "o3", 200_000, 100_000, 2, 8, _CHAT),
    DemoModel("o3-mini", "openai", "o3-mini", 200_000, 100_000, 1.1, 4.4, _CHAT),
    DemoModel("o4-mini", "openai", "o4-mini", 200_000, 100_000, 1.1, 4.4, _CHAT),
    DemoModel("gpt-5-codex", "openai", "GPT-5-Codex", 400_000, 128_000, 1.25, 10, _RESPONSES,
              description="A GPT-5 for agentic coding: Responses API only."),
    DemoModel("codex-mini-latest", "openai", "codex-mini-latest", 200_000, 100_000, 1.5, 6,
              _RESPONSES),
    DemoModel("gpt-4o-audio-preview", "openai", "GPT-4o Audio", 128_000, 16_384, 2.5, 10,
              ("openai",)),
    DemoModel("text-embedding-3-small", "openai", "Embedding 3 small", 8_191, None, 0.02, None,
              _EMB),
    DemoModel("text-embedding-3-large", "openai", "Embedding 3 large", 8_191, None, 0.13, None,
              _EMB),
    DemoModel("text-embedding-ada-002", "openai", "Ada embedding v2", 8_191, None, 0.1, None,
              _EMB),
    DemoModel("dall-e-3", "openai", "DALL·E 3", None, None, None, None, _IMG,
              per_request=0.04),
    DemoModel("gpt-image-1", "openai", "GPT Image 1", None, None, 5, 40, _IMG),
    DemoModel("whisper-1", "openai", "Whisper", None, None, None, None, ("openai",),
              per_request=0.006),
    DemoModel("tts-1", "openai", "TTS 1", None, None, 15, None, ("openai",)),
    DemoModel("omni-moderation-latest", "openai", "Omni moderation", 32_768, None, 0, 0,
              ("openai",)),
    DemoModel("gpt-35-turbo", "azure", "GPT-3.5 Turbo (Azure)", 16_385, 4_096, 0.5, 1.5, _CHAT),
    # Anthropic
    DemoModel("claude-opus-4-1", "anthropic", "Claude Opus 4.1", 200_000, 32_000, 15, 75,
              _CLAUDE, vip=True, created="2025-08-05T00:00:00Z"),
    DemoModel("claude-opus-4-0", "anthropic", "Claude Opus 4", 200_000, 32_000, 15, 75, _CLAUDE,
              created="2025-05-22T00:00:00Z"),
    DemoModel("claude-sonnet-4-5", "anthropic", "Claude Sonnet 4.5", 200_000, 64_000, 3, 15,
              _CLAUDE, created="2025-09-29T00:00:00Z"),
    DemoModel("claude-sonnet-4-0", "anthropic", "Claude Sonnet 4", 200_000, 64_000, 3, 15,
              _CLAUDE, created="2025-05-22T00:00:00Z"),
    DemoModel("claude-haiku-4-5", "anthropic", "Claude Haiku 4.5", 200_000, 64_000, 1, 5,
              _CLAUDE, created="2025-10-15T00:00:00Z"),
    DemoModel("claude-3-7-sonnet-20250219", "anthropic", "Claude Sonnet 3.7", 200_000, 64_000,
              3, 15, _CLAUDE, created="2025-02-24T00:00:00Z"),
    DemoModel("claude-3-5-haiku-20241022", "anthropic", "Claude Haiku 3.5", 200_000, 8_192,
              0.8, 4, _CLAUDE, created="2024-10-22T00:00:00Z"),
    DemoModel("claude-3-5-sonnet-20241022", "anthropic", "Claude Sonnet 3.5 v2", 200_000, 8_192,
              3, 15, _CLAUDE, created="2024-10-22T00:00:00Z"),
    DemoModel("claude-3-haiku-20240307", "anthropic", "Claude Haiku 3", 200_000, 4_096,
              0.25, 1.25, _CLAUDE, created="2024-03-07T00:00:00Z"),
    DemoModel("claude-3-opus-20240229", "anthropic", "Claude Opus 3", 200_000, 4_096, 15, 75,
              _CLAUDE, created="2024-02-29T00:00:00Z", vip=True),
    # Google
    DemoModel("gemini-2.5-pro", "google", "Gemini 2.5 Pro", 1_048_576, 65_536, 1.25, 10,
              _GEMINI, description="Gemini's most capable thinking model."),
    DemoModel("gemini-2.5-flash", "google", "Gemini 2.5 Flash", 1_048_576, 65_536, 0.3, 2.5,
              _GEMINI, description="Fast, cheap, thinking by default."),
    DemoModel("gemini-2.5-flash-lite", "google", "Gemini 2.5 Flash-Lite", 1_048_576, 65_536,
              0.1, 0.4, _GEMINI),
    DemoModel("gemini-2.5-flash-image-preview", "google", "Nano Banana", 32_768, 32_768,
              0.3, 30, _GEMINI),
    DemoModel("gemini-2.0-flash", "google", "Gemini 2.0 Flash", 1_048_576, 8_192, 0.1, 0.4,
              _GEMINI),
    DemoModel("gemini-2.0-flash-lite", "google", "Gemini 2.0 Flash-Lite", 1_048_576, 8_192,
              0.075, 0.3, _GEMINI),
    DemoModel("gemini-1.5-pro", "google", "Gemini 1.5 Pro", 2_097_152, 8_192, 1.25, 5, _GEMINI),
    DemoModel("gemini-1.5-flash", "google", "Gemini 1.5 Flash", 1_048_576, 8_192, 0.075, 0.3,
              _GEMINI),
    DemoModel("gemini-3-pro-preview", "google", "Gemini 3 Pro Preview", 1_048_576, 65_536,
              2, 12, _GEMINI, vip=True),
    DemoModel("gemma-3-27b-it", "google", "Gemma 3 27B", 131_072, 8_192, 0.1, 0.2, _GEMINI),
    DemoModel("gemini-embedding-001", "google", "Gemini Embedding", 2_048, None, 0.15, None,
              ("embeddings",), methods=("embedContent", "countTokens")),
    DemoModel("text-embedding-004", "google", "Text Embedding 004", 2_048, None, 0.02, None,
              ("embeddings",), methods=("embedContent",)),
    DemoModel("imagen-3.0-generate-002", "google", "Imagen 3", None, None, None, None, _IMG,
              per_request=0.03, methods=("predict",)),
    # DeepSeek
    DemoModel("deepseek-chat", "deepseek", "DeepSeek V3.1 (chat)", 128_000, 8_192, 0.27, 1.1,
              _CHAT),
    DemoModel("deepseek-reasoner", "deepseek", "DeepSeek V3.1 (reasoner)", 128_000, 65_536,
              0.55, 2.19, _CHAT),
    DemoModel("deepseek-r1", "deepseek", "DeepSeek R1", 128_000, 32_768, 0.55, 2.19, _CHAT),
    DemoModel("deepseek-v3", "deepseek", "DeepSeek V3", 128_000, 8_192, 0.27, 1.1, _CHAT),
    DemoModel("deepseek-v3.1", "deepseek", "DeepSeek V3.1", 128_000, 8_192, 0.56, 1.68, _CHAT),
    # Qwen
    DemoModel("qwen-max", "alibaba", "Qwen Max", 32_768, 8_192, 1.6, 6.4, _CHAT),
    DemoModel("qwen-plus", "alibaba", "Qwen Plus", 131_072, 8_192, 0.4, 1.2, _CHAT),
    DemoModel("qwen-turbo", "alibaba", "Qwen Turbo", 1_000_000, 8_192, 0.05, 0.2, _CHAT),
    DemoModel("qwen3-235b-a22b", "alibaba", "Qwen3 235B A22B", 131_072, 16_384, 0.7, 2.8, _CHAT),
    DemoModel("qwen3-32b", "alibaba", "Qwen3 32B", 131_072, 16_384, 0.2, 0.6, _CHAT),
    DemoModel("qwen3-coder-plus", "alibaba", "Qwen3 Coder Plus", 1_000_000, 65_536, 1, 5, _CHAT),
    DemoModel("qwen2.5-72b-instruct", "alibaba", "Qwen2.5 72B Instruct", 131_072, 8_192,
              0.56, 2.24, _CHAT),
    DemoModel("qwen-vl-max", "alibaba", "Qwen VL Max", 131_072, 8_192, 0.8, 3.2, _CHAT),
    DemoModel("text-embedding-v3", "alibaba", "Qwen Embedding v3", 8_192, None, 0.07, None, _EMB),
    DemoModel("gte-rerank", "alibaba", "GTE Rerank", 4_000, None, 0.1, None, _RERANK),
    # Meta
    DemoModel("llama-4-maverick", "meta", "Llama 4 Maverick", 1_048_576, 16_384, 0.27, 0.85,
              _CHAT),
    DemoModel("llama-4-scout", "meta", "Llama 4 Scout", 10_000_000, 16_384, 0.18, 0.59, _CHAT),
    DemoModel("llama-3.3-70b-instruct", "meta", "Llama 3.3 70B Instruct", 131_072, 8_192,
              0.23, 0.4, _CHAT),
    DemoModel("llama-3.1-405b-instruct", "meta", "Llama 3.1 405B Instruct", 131_072, 8_192,
              3, 3, _CHAT, vip=True),
    DemoModel("llama-3.1-8b-instruct", "meta", "Llama 3.1 8B Instruct", 131_072, 8_192,
              0.02, 0.05, _CHAT),
    DemoModel("llama-guard-3-8b", "meta", "Llama Guard 3 8B", 131_072, None, 0.2, 0.2, _CHAT),
    # Mistral
    DemoModel("mistral-large-latest", "mistral", "Mistral Large", 131_072, 8_192, 2, 6, _CHAT),
    DemoModel("mistral-small-latest", "mistral", "Mistral Small", 131_072, 8_192, 0.1, 0.3,
              _CHAT),
    DemoModel("codestral-latest", "mistral", "Codestral", 256_000, 8_192, 0.3, 0.9, _CHAT),
    DemoModel("pixtral-large-latest", "mistral", "Pixtral Large", 131_072, 8_192, 2, 6, _CHAT),
    DemoModel("mistral-embed", "mistral", "Mistral Embed", 8_192, None, 0.1, None, _EMB),
    # xAI
    DemoModel("grok-4", "xai", "Grok 4", 256_000, 16_384, 3, 15, _CHAT, vip=True),
    DemoModel("grok-3", "xai", "Grok 3", 131_072, 16_384, 3, 15, _CHAT),
    DemoModel("grok-3-mini", "xai", "Grok 3 mini", 131_072, 16_384, 0.3, 0.5, _CHAT),
    # Moonshot, Zhipu, MiniMax, ByteDance
    DemoModel("kimi-k2-0905-preview", "moonshot", "Kimi K2", 262_144, 16_384, 0.6, 2.5, _CHAT),
    DemoModel("moonshot-v1-128k", "moonshot", "Moonshot v1 128K", 131_072, 8_192, 1.7, 1.7,
              _CHAT),
    DemoModel("glm-4.5", "zhipu", "GLM-4.5", 131_072, 98_304, 0.6, 2.2, _CHAT),
    DemoModel("glm-4-plus", "zhipu", "GLM-4 Plus", 131_072, 4_096, 0.7, 0.7, _CHAT),
    DemoModel("glm-4v", "zhipu", "GLM-4V", 8_192, 1_024, 7, 7, _CHAT),
    DemoModel("MiniMax-M1", "minimax", "MiniMax M1", 1_000_000, 40_000, 0.4, 2.2, _CHAT),
    DemoModel("abab6.5s-chat", "minimax", "abab 6.5s", 245_760, 8_192, 0.14, 0.14, _CHAT),
    DemoModel("doubao-seed-1-6", "bytedance", "Doubao Seed 1.6", 262_144, 32_768, 0.11, 1.1,
              _CHAT),
    DemoModel("doubao-1-5-pro-32k", "bytedance", "Doubao 1.5 Pro 32K", 32_768, 12_288,
              0.11, 0.28, _CHAT),
    # Cohere, Jina, BAAI
    DemoModel("command-r-plus", "cohere", "Command R+", 128_000, 4_096, 2.5, 10, _CHAT),
    DemoModel("command-r", "cohere", "Command R", 128_000, 4_096, 0.15, 0.6, _CHAT),
    DemoModel("embed-english-v3.0", "cohere", "Embed English v3", 512, None, 0.1, None, _EMB),
    DemoModel("rerank-english-v3.0", "cohere", "Rerank English v3", 4_096, None, None, None,
              _RERANK, per_request=0.002),
    DemoModel("jina-embeddings-v3", "jina", "Jina Embeddings v3", 8_192, None, 0.02, None, _EMB),
    DemoModel("jina-reranker-v2-base-multilingual", "jina", "Jina Reranker v2", 1_024, None,
              0.02, None, _RERANK),
    DemoModel("bge-m3", "baai", "BGE M3", 8_192, None, 0.01, None, _EMB),
    DemoModel("bge-reranker-v2-m3", "baai", "BGE Reranker v2 M3", 8_192, None, 0.01, None,
              _RERANK),
    # Image
    DemoModel("flux-1.1-pro", "black-forest-labs", "FLUX 1.1 [pro]", None, None, None, None,
              _IMG, per_request=0.04),
    DemoModel("stable-diffusion-3.5-large", "stability", "Stable Diffusion 3.5 Large", None,
              None, None, None, _IMG, per_request=0.065),
)

_SYNTH_OWNERS = ("openai", "deepseek", "alibaba", "meta", "mistral",
                 "xai", "cohere", "zhipu")
_SYNTH_FAMILIES = ("chat", "instruct", "coder", "vision", "mini", "pro", "flash", "embed")


def synthetic(count: int) -> tuple[DemoModel, ...]:
    """`count` deterministic models spread over owners, kinds and the three protocols.

    Each is on one list, so `count` models are `count` records. As on real aggregators, the
    OpenAI-compatible list carries nearly all of them; Anthropic and Google models (3% each)
    are on the Claude and Gemini lists.
    """
    out = []
    for i in range(count):
        owner = {0: "anthropic", 1: "google"}.get(i % 33) or _SYNTH_OWNERS[i % len(_SYNTH_OWNERS)]
        family = _SYNTH_FAMILIES[(i // 10) % len(_SYNTH_FAMILIES)]
        endpoints = _EMB if family == "embed" else _CHAT
        context = (8_192, 32_768, 131_072, 200_000, 1_048_576)[i % 5]
        price = round(0.05 + (i * 37 % 2000) / 100, 2)
        out.append(DemoModel(
            f"syn-{owner}-{family}-{i:06d}", owner, f"Synthetic {family} #{i}", context,
            None if family == "embed" else 8_192, price,
            None if family == "embed" else round(price * 4, 2), endpoints, native_only=True,
        ))
    return tuple(out)


CALL_FAULTS: dict[str, str] = {
    "deepseek-r1": "no-channel",
    "chatgpt-4o-latest": "answers-as:gpt-4o-2024-11-20",
    "grok-3": "rate-limited",
    "qwen-max": "slow",
}
"""How some listed models answer a call, as real relays do: listed but no channel behind it
(one-hub/new-api's 503), answered as another model (a silent substitution), rate limited
(429 with Retry-After), slow (1.5 s). Every other model answers at once."""
SLOW_CALL = 1.5

REASONING = frozenset({"gpt-5", "gpt-5-mini", "gpt-5-nano", "o1", "o1-mini", "o3", "o3-mini",
                       "o4-mini", "gpt-5-codex", "codex-mini-latest"})
"""OpenAI reasoning models: on `/v1/chat/completions` they refuse `max_tokens` (400
`unsupported_parameter`) and, given `max_completion_tokens: 1`, spend it thinking: empty
text, `finish_reason: length` — an answer."""
RESPONSES_ONLY = frozenset({"gpt-5-codex", "codex-mini-latest"})
"""Models that refuse `/v1/chat/completions` (400 "This model is only supported in
v1/responses …") and answer `/v1/responses`."""


CATALOGUE_EXTRA = "demo-frontier-1"
"""A model the demo's catalogue lists and the bundled snapshot does not: proof that
`tui-models catalog update` brought a newer catalogue."""


def models_dev_catalogue() -> dict:
    """The demo's models in the shape of models.dev's `api.json`, plus CATALOGUE_EXTRA."""
    providers: dict = {}
    for model in CURATED:
        provider = providers.setdefault(model.owner, {"id": model.owner, "name": model.owner,
                                                      "models": {}})
        entry = {"id": model.id, "name": model.name, "attachment": False,
                 "reasoning": model.id in REASONING,
                 "tool_call": True, "open_weights": False, "release_date": "2025-01-01",
                 "last_updated": "2025-01-01",
                 "modalities": {"input": ["text"], "output": ["text"]},
                 "limit": {"context": model.context or 0, "output": model.max_output or 0}}
        if model.input_1m is not None:
            entry["cost"] = {"input": model.input_1m, "output": model.output_1m or 0}
        provider["models"][model.id] = entry
    providers.setdefault("tui-models-demo", {"id": "tui-models-demo", "models": {}})["models"][
        CATALOGUE_EXTRA] = {"id": CATALOGUE_EXTRA, "name": "Demo Frontier 1",
                            "tool_call": True, "reasoning": True, "release_date": "2027-01-15",
                            "modalities": {"input": ["text", "image"], "output": ["text"]},
                            "limit": {"context": 1_000_000, "output": 128_000},
                            "cost": {"input": 1.0, "output": 4.0}}
    return providers
