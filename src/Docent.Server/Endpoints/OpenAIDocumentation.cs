using System.Text.Json;
using System.Text.Json.Serialization;
using Docent.Answering;

namespace Docent.Server.Endpoints;

// The bodies of the OpenAI-compatible endpoints as the OpenAPI document describes them. The handlers write OpenAI's
// snake_case shapes directly; these records only describe them, and ApiDocumentationTests checks real answers against
// the schemas they give, so a field added to an answer and not here fails that test.

/// <summary>An OpenAI model object: one per collection.</summary>
public sealed record OpenAIModelDoc(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy);

/// <summary>OpenAI's model list.</summary>
public sealed record OpenAIModelListDoc(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("data")] IReadOnlyList<OpenAIModelDoc> Data);

/// <summary>Token counts of a chat completion: the model's own, or counted with o200k_base for extractive answers.</summary>
public sealed record OpenAIUsageDoc(
    [property: JsonPropertyName("prompt_tokens")] long PromptTokens,
    [property: JsonPropertyName("completion_tokens")] long CompletionTokens,
    [property: JsonPropertyName("total_tokens")] long TotalTokens);

/// <summary>A citation as a url_citation: the cited span of the content, the document's link and title, and Docent's extras.</summary>
public sealed record UrlCitationDoc(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("start_index")] int StartIndex,
    [property: JsonPropertyName("end_index")] int EndIndex,
    [property: JsonPropertyName("quote")] string Quote,
    [property: JsonPropertyName("document_id")] string DocumentId,
    [property: JsonPropertyName("chunk_id")] string ChunkId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("page")] int? Page);

/// <summary>A chat message annotation: <c>{"type": "url_citation", "url_citation": {…}}</c>.</summary>
public sealed record ChatAnnotationDoc(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("url_citation")] UrlCitationDoc UrlCitation);

/// <summary>The assistant's message: the answer with its footnotes, and its citations as annotations.</summary>
public sealed record ChatCompletionMessageDoc(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("annotations")] IReadOnlyList<ChatAnnotationDoc> Annotations);

/// <summary>The one choice of a chat completion; finish_reason is "length" when max_tokens cut the answer.</summary>
public sealed record ChatChoiceDoc(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("message")] ChatCompletionMessageDoc Message,
    [property: JsonPropertyName("finish_reason")] string FinishReason);

/// <summary>A chat completion, with Docent's fields beside OpenAI's (citations, unsupported, warnings, closest passages, confidence, cached).</summary>
public sealed record ChatCompletionDoc(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChatChoiceDoc> Choices,
    [property: JsonPropertyName("usage")] OpenAIUsageDoc Usage,
    [property: JsonPropertyName("citations")] IReadOnlyList<CitationInfo> Citations,
    [property: JsonPropertyName("unsupported")] IReadOnlyList<UnsupportedSentence> Unsupported,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings,
    [property: JsonPropertyName("closest_passages")] IReadOnlyList<PassageInfo> ClosestPassages,
    [property: JsonPropertyName("confidence")] double? Confidence,
    [property: JsonPropertyName("cached")] bool Cached);

/// <summary>A url_citation annotation of the Responses API: the citation's fields beside its type.</summary>
public sealed record ResponseAnnotationDoc(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("start_index")] int StartIndex,
    [property: JsonPropertyName("end_index")] int EndIndex,
    [property: JsonPropertyName("quote")] string Quote,
    [property: JsonPropertyName("document_id")] string DocumentId,
    [property: JsonPropertyName("chunk_id")] string ChunkId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("page")] int? Page);

/// <summary>An output_text content part.</summary>
public sealed record ResponseOutputTextDoc(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("annotations")] IReadOnlyList<ResponseAnnotationDoc> Annotations,
    [property: JsonPropertyName("logprobs")] IReadOnlyList<JsonElement> Logprobs);

/// <summary>The response's one output item: the assistant's message.</summary>
public sealed record ResponseMessageDoc(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] IReadOnlyList<ResponseOutputTextDoc> Content);

/// <summary>Why a response is incomplete ("max_output_tokens").</summary>
public sealed record ResponseIncompleteDoc([property: JsonPropertyName("reason")] string Reason);

/// <summary>The text format of a response (always plain text).</summary>
public sealed record ResponseTextDoc([property: JsonPropertyName("format")] ResponseTextFormatDoc Format);

/// <summary>A text format: its type.</summary>
public sealed record ResponseTextFormatDoc([property: JsonPropertyName("type")] string Type);

/// <summary>Cached input tokens (always 0).</summary>
public sealed record ResponseInputDetailsDoc([property: JsonPropertyName("cached_tokens")] long CachedTokens);

/// <summary>Reasoning output tokens (always 0).</summary>
public sealed record ResponseOutputDetailsDoc([property: JsonPropertyName("reasoning_tokens")] long ReasoningTokens);

/// <summary>Token counts of a response.</summary>
public sealed record ResponseUsageDoc(
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("input_tokens_details")] ResponseInputDetailsDoc InputTokensDetails,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("output_tokens_details")] ResponseOutputDetailsDoc OutputTokensDetails,
    [property: JsonPropertyName("total_tokens")] long TotalTokens);

/// <summary>A response object of the Responses API, with Docent's fields beside OpenAI's.</summary>
public sealed record ResponseDoc(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error")] JsonElement? Error,
    [property: JsonPropertyName("incomplete_details")] ResponseIncompleteDoc? IncompleteDetails,
    [property: JsonPropertyName("instructions")] string? Instructions,
    [property: JsonPropertyName("max_output_tokens")] int? MaxOutputTokens,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("output")] IReadOnlyList<ResponseMessageDoc> Output,
    [property: JsonPropertyName("parallel_tool_calls")] bool ParallelToolCalls,
    [property: JsonPropertyName("previous_response_id")] string? PreviousResponseId,
    [property: JsonPropertyName("store")] bool Store,
    [property: JsonPropertyName("text")] ResponseTextDoc Text,
    [property: JsonPropertyName("tool_choice")] string ToolChoice,
    [property: JsonPropertyName("tools")] IReadOnlyList<JsonElement> Tools,
    [property: JsonPropertyName("truncation")] string Truncation,
    [property: JsonPropertyName("usage")] ResponseUsageDoc? Usage,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string> Metadata,
    [property: JsonPropertyName("output_text")] string OutputText,
    [property: JsonPropertyName("citations")] IReadOnlyList<CitationInfo> Citations,
    [property: JsonPropertyName("unsupported")] IReadOnlyList<UnsupportedSentence> Unsupported,
    [property: JsonPropertyName("warnings")] IReadOnlyList<string> Warnings,
    [property: JsonPropertyName("closest_passages")] IReadOnlyList<PassageInfo> ClosestPassages,
    [property: JsonPropertyName("confidence")] double? Confidence);

/// <summary>One embedding: a list of floats, or a base64 string of little-endian float32s when encoding_format is base64.</summary>
public sealed record EmbeddingDoc(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("embedding")] JsonElement Embedding);

/// <summary>Input counts of an embeddings request (words: an estimate).</summary>
public sealed record EmbeddingUsageDoc(
    [property: JsonPropertyName("prompt_tokens")] long PromptTokens,
    [property: JsonPropertyName("total_tokens")] long TotalTokens);

/// <summary>OpenAI's embeddings list.</summary>
public sealed record EmbeddingListDoc(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("data")] IReadOnlyList<EmbeddingDoc> Data,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("usage")] EmbeddingUsageDoc Usage);
