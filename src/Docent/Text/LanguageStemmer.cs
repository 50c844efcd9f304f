using Lucene.Net.Tartarus.Snowball;

namespace Docent.Text;

/// <summary>
/// Normalises and stems one lower-cased word in place for a <see cref="LanguageChain"/>: the word is the first
/// <c>length</c> characters of a buffer the caller owns, and each method returns the new length. Stateful, so one
/// instance serves one caller at a time; the base class does nothing.
/// </summary>
internal class LanguageStemmer
{
    /// <summary>The stemmer that leaves words as they are.</summary>
    public static readonly LanguageStemmer None = new();

    /// <summary>Rewrites letter forms the language writes several ways (before stop words are looked up).</summary>
    public virtual int Normalize(char[] buffer, int length) => length;

    /// <summary>Strips the word's inflection.</summary>
    public virtual int Stem(char[] buffer, int length) => length;

    /// <summary>A stemmer from two in-place functions of Lucene's (normaliser, stemmer), either of which may be null.</summary>
    public static LanguageStemmer FromFunctions(Func<char[], int, int>? normalize, Func<char[], int, int>? stem) =>
        new FunctionStemmer(normalize, stem);

    /// <summary>A stemmer running a Snowball program (Lucene's generated port of snowballstem.org).</summary>
    public static LanguageStemmer FromSnowball(SnowballProgram program) => new SnowballStemmer(program);

    private sealed class FunctionStemmer(Func<char[], int, int>? normalize, Func<char[], int, int>? stem) : LanguageStemmer
    {
        public override int Normalize(char[] buffer, int length) => normalize?.Invoke(buffer, length) ?? length;

        public override int Stem(char[] buffer, int length) => stem?.Invoke(buffer, length) ?? length;
    }

    private sealed class SnowballStemmer(SnowballProgram program) : LanguageStemmer
    {
        public override int Stem(char[] buffer, int length)
        {
            program.SetCurrent(buffer, length);
            program.Stem();
            int stemmed = Math.Min(program.CurrentBufferLength, buffer.Length);
            Array.Copy(program.CurrentBuffer, buffer, stemmed);
            return stemmed;
        }
    }
}
