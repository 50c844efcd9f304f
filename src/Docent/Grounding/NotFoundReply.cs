using System.Text;
using Docent.Answering;

namespace Docent.Grounding;

/// <summary>
/// Recognises the fixed not-found sentence (<see cref="Answer.NotFoundText"/>) in a model's reply, ignoring
/// case, punctuation, spacing and citation markers. Thread-safe (stateless).
/// </summary>
internal static class NotFoundReply
{
    private static readonly string Expected = Normalize(Answer.NotFoundText);

    /// <summary>Whether <paramref name="text"/> is the not-found sentence and nothing else.</summary>
    public static bool Is(string text) => Normalize(text) == Expected;

    private static string Normalize(string text)
    {
        var chars = text.ToCharArray();
        foreach (var marker in CitationMarkers.Find(text))
        {
            Array.Fill(chars, ' ', marker.Start, marker.Length);
        }

        var builder = new StringBuilder(chars.Length);
        var space = false;
        foreach (var c in chars)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (char.IsWhiteSpace(c))
            {
                space = true;
            }
        }

        return builder.ToString();
    }
}
