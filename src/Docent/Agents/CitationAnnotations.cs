using Docent.Answering;
using Microsoft.Extensions.AI;

namespace Docent.Agents;

/// <summary>
/// An answer's citations in Microsoft.Extensions.AI's shapes: one <see cref="CitationAnnotation"/> per source (title, quoted
/// sentence as the snippet, the document's id as the file id, a file URL when the source is a path on this machine), each
/// spanning the answer text's "[n]" markers, with Docent's own fields in its AdditionalProperties. Static; thread-safe.
/// </summary>
public static class CitationAnnotations
{
    /// <summary>The tool name the annotations carry.</summary>
    public const string ToolName = "docent";

    /// <summary>The annotations of <paramref name="answer"/>'s citations over <paramref name="text"/> (the text they annotate).</summary>
    public static IList<AIAnnotation> From(Answer answer, string text)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(text);
        var annotations = new List<AIAnnotation>(answer.Citations.Count);
        foreach (var citation in answer.Citations)
        {
            var marker = $"[{citation.Index}]";
            var regions = new List<AnnotatedRegion>();
            for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal))
            {
                regions.Add(new TextSpanAnnotatedRegion { StartIndex = at, EndIndex = at + marker.Length });
            }

            annotations.Add(new CitationAnnotation
            {
                Title = citation.Title,
                Snippet = citation.Quote,
                FileId = citation.DocumentId,
                ToolName = ToolName,
                Url = Path.IsPathFullyQualified(citation.Source) ? new Uri(citation.Source) : null,
                AnnotatedRegions = regions,
                RawRepresentation = citation,
                AdditionalProperties = new AdditionalPropertiesDictionary
                {
                    ["index"] = citation.Index,
                    ["source"] = citation.ShownSource ?? Path.GetFileName(citation.Source),
                    ["chunkId"] = citation.ChunkId,
                    ["page"] = citation.Page,
                    ["headingPath"] = citation.HeadingPath,
                },
            });
        }

        return annotations;
    }
}
