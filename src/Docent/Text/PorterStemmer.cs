namespace Docent.Text;

/// <summary>
/// The classic Porter (1980) suffix-stripping stemmer for English, as published ("An algorithm for suffix
/// stripping", Program 14(3)), working in place on lower-case ASCII letters. Hand-written because no package
/// we use ships it and the analyzer needs an allocation-free, span-based version on its hot path. Words
/// holding anything other than 'a'–'z', and words of one or two letters, are returned unchanged.
/// Thread-safe (stateless).
/// </summary>
public static class PorterStemmer
{
    /// <summary>The stem of <paramref name="word"/> (lower-case ASCII letters; other words come back unchanged).</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 2 || word.Length > 256 || !IsLowerAscii(word))
        {
            return word;
        }

        Span<char> buffer = stackalloc char[word.Length];
        word.CopyTo(buffer);
        int length = Stem(buffer);
        var stem = buffer[..length];
        return stem.SequenceEqual(word) ? word : new string(stem);
    }

    /// <summary>Stems <paramref name="word"/> in place and returns the stem's length (a prefix of the span).</summary>
    public static int Stem(Span<char> word)
    {
        if (word.Length <= 2 || !IsLowerAscii(word))
        {
            return word.Length;
        }

        var stemmer = new Stemming(word);
        stemmer.Step1ab();
        if (stemmer.End > 0)
        {
            stemmer.Step1c();
            stemmer.Step2();
            stemmer.Step3();
            stemmer.Step4();
            stemmer.Step5();
        }

        return stemmer.End + 1;
    }

    private static bool IsLowerAscii(ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            if (c < 'a' || c > 'z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The working state: <c>b[0..End]</c> is the current word; after a successful <see cref="EndsWith"/>,
    /// <c>b[0..stemEnd]</c> is the part before the matched suffix.
    /// </summary>
    private ref struct Stemming(Span<char> b)
    {
        private readonly Span<char> _b = b;
        private int _stemEnd;

        public int End { get; private set; } = b.Length - 1;

        public void Step1ab()
        {
            // Plurals.
            if (_b[End] == 's')
            {
                if (EndsWith("sses"))
                {
                    End -= 2;
                }
                else if (EndsWith("ies"))
                {
                    SetSuffix("i");
                }
                else if (_b[End - 1] != 's')
                {
                    End--;
                }
            }

            // -eed, -ed, -ing.
            if (EndsWith("eed"))
            {
                if (Measure() > 0)
                {
                    End--;
                }
            }
            else if ((EndsWith("ed") || EndsWith("ing")) && VowelInStem())
            {
                End = _stemEnd;
                if (EndsWith("at"))
                {
                    SetSuffix("ate");
                }
                else if (EndsWith("bl"))
                {
                    SetSuffix("ble");
                }
                else if (EndsWith("iz"))
                {
                    SetSuffix("ize");
                }
                else if (DoubleConsonant(End))
                {
                    char last = _b[End];
                    if (last != 'l' && last != 's' && last != 'z')
                    {
                        End--;
                    }
                }
                else
                {
                    _stemEnd = End;
                    if (Measure() == 1 && ConsonantVowelConsonant(End))
                    {
                        SetSuffix("e");
                    }
                }
            }
        }

        public void Step1c()
        {
            if (EndsWith("y") && VowelInStem())
            {
                _b[End] = 'i';
            }
        }

        public void Step2()
        {
            if (End < 1)
            {
                return;
            }

            // Keyed on the penultimate letter; the longest suffix that matches is tried alone.
            switch (_b[End - 1])
            {
                case 'a':
                    _ = Replace("ational", "ate") || Replace("tional", "tion");
                    break;
                case 'c':
                    _ = Replace("enci", "ence") || Replace("anci", "ance");
                    break;
                case 'e':
                    _ = Replace("izer", "ize");
                    break;
                case 'l':
                    _ = Replace("abli", "able") || Replace("alli", "al") || Replace("entli", "ent")
                        || Replace("eli", "e") || Replace("ousli", "ous");
                    break;
                case 'o':
                    _ = Replace("ization", "ize") || Replace("ation", "ate") || Replace("ator", "ate");
                    break;
                case 's':
                    _ = Replace("alism", "al") || Replace("iveness", "ive") || Replace("fulness", "ful")
                        || Replace("ousness", "ous");
                    break;
                case 't':
                    _ = Replace("aliti", "al") || Replace("iviti", "ive") || Replace("biliti", "ble");
                    break;
            }
        }

        public void Step3()
        {
            switch (_b[End])
            {
                case 'e':
                    _ = Replace("icate", "ic") || Replace("ative", "") || Replace("alize", "al");
                    break;
                case 'i':
                    _ = Replace("iciti", "ic");
                    break;
                case 'l':
                    _ = Replace("ical", "ic") || Replace("ful", "");
                    break;
                case 's':
                    _ = Replace("ness", "");
                    break;
            }
        }

        public void Step4()
        {
            if (End < 1)
            {
                return;
            }

            bool matched = _b[End - 1] switch
            {
                'a' => EndsWith("al"),
                'c' => EndsWith("ance") || EndsWith("ence"),
                'e' => EndsWith("er"),
                'i' => EndsWith("ic"),
                'l' => EndsWith("able") || EndsWith("ible"),
                'n' => EndsWith("ant") || EndsWith("ement") || EndsWith("ment") || EndsWith("ent"),
                'o' => (EndsWith("ion") && _stemEnd >= 0 && (_b[_stemEnd] == 's' || _b[_stemEnd] == 't')) || EndsWith("ou"),
                's' => EndsWith("ism"),
                't' => EndsWith("ate") || EndsWith("iti"),
                'u' => EndsWith("ous"),
                'v' => EndsWith("ive"),
                'z' => EndsWith("ize"),
                _ => false,
            };

            if (matched && Measure() > 1)
            {
                End = _stemEnd;
            }
        }

        public void Step5()
        {
            _stemEnd = End;
            if (_b[End] == 'e')
            {
                int m = Measure();
                if (m > 1 || (m == 1 && !ConsonantVowelConsonant(End - 1)))
                {
                    End--;
                }
            }

            if (_b[End] == 'l' && DoubleConsonant(End) && Measure() > 1)
            {
                End--;
            }
        }

        /// <summary>True when b[i] is a consonant: not a vowel, and 'y' only after a vowel or at the start.</summary>
        private readonly bool IsConsonant(int i)
        {
            // Each 'y' flips the answer of the letter before it; a 'y' at the start is a consonant.
            int j = i;
            while (j > 0 && _b[j] == 'y')
            {
                j--;
            }

            bool consonant = _b[j] is not ('a' or 'e' or 'i' or 'o' or 'u');
            return (i - j) % 2 == 0 ? consonant : !consonant;
        }

        /// <summary>The number m of vowel–consonant sequences in b[0..stemEnd] ([C](VC)^m[V]).</summary>
        private readonly int Measure()
        {
            int count = 0;
            int i = 0;
            while (i <= _stemEnd && IsConsonant(i))
            {
                i++;
            }

            while (i <= _stemEnd)
            {
                while (i <= _stemEnd && !IsConsonant(i))
                {
                    i++;
                }

                if (i > _stemEnd)
                {
                    break;
                }

                while (i <= _stemEnd && IsConsonant(i))
                {
                    i++;
                }

                count++;
            }

            return count;
        }

        private readonly bool VowelInStem()
        {
            for (int i = 0; i <= _stemEnd; i++)
            {
                if (!IsConsonant(i))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly bool DoubleConsonant(int i) => i >= 1 && _b[i] == _b[i - 1] && IsConsonant(i);

        /// <summary>True when b[i-2..i] is consonant–vowel–consonant and b[i] is not w, x or y (*o).</summary>
        private readonly bool ConsonantVowelConsonant(int i)
        {
            if (i < 2 || !IsConsonant(i) || IsConsonant(i - 1) || !IsConsonant(i - 2))
            {
                return false;
            }

            return _b[i] is not ('w' or 'x' or 'y');
        }

        private bool EndsWith(string suffix)
        {
            int length = suffix.Length;
            if (length > End + 1 || !_b.Slice(End + 1 - length, length).SequenceEqual(suffix))
            {
                return false;
            }

            _stemEnd = End - length;
            return true;
        }

        /// <summary>Replaces the matched suffix (after <see cref="EndsWith"/>) with <paramref name="replacement"/>.</summary>
        private void SetSuffix(string replacement)
        {
            replacement.CopyTo(_b[(_stemEnd + 1)..]);
            End = _stemEnd + replacement.Length;
        }

        /// <summary>When the word ends with <paramref name="suffix"/>: replaces it if m &gt; 0, and reports a match either way.</summary>
        private bool Replace(string suffix, string replacement)
        {
            if (!EndsWith(suffix))
            {
                return false;
            }

            if (Measure() > 0)
            {
                SetSuffix(replacement);
            }

            return true;
        }
    }
}
