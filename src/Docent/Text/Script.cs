namespace Docent.Text;

/// <summary>The writing systems <see cref="LanguageIdentifier"/> tells apart (<see cref="Count"/> is their number).</summary>
internal enum Script
{
    /// <summary>Not a letter of a script told apart here.</summary>
    None,
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Devanagari,
    Bengali,
    Tamil,
    Thai,
    Georgian,
    Hangul,
    Kana,
    Han,

    /// <summary>How many values precede this one.</summary>
    Count,
}
