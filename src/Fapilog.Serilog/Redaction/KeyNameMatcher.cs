using System;
using System.Collections.Generic;

namespace Fapilog.Serilog;

/// <summary>
/// Decides whether a key name (a property, a structure field, a dictionary key) names a secret: equal to one of the
/// exact names (any case), or containing one of the word patterns on word boundaries.
/// </summary>
/// <remarks>
/// A name is cut into words at separators (anything not a letter or digit: <c>_</c>, <c>-</c>, <c>.</c>, spaces) and
/// at camel-case humps (<c>userPassword</c>, <c>APIKey</c> → <c>api key</c>). A pattern such as <c>api key</c> matches
/// when a run of consecutive words spells it: <c>x-api-key</c>, <c>apiKey</c> and <c>apikey</c> all do. A pattern
/// never matches part of a word, so <c>auth</c> matches <c>authToken</c> and <c>OAuth</c> but not <c>author</c>, and
/// <c>token</c> does not match <c>tokenizer</c>. Results are cached per name: the writer sees the same names again
/// and again. Writer thread only.
/// </remarks>
internal sealed partial class KeyNameMatcher
{
    private const int CacheLimit = 4096;

    private readonly HashSet<string> _exact;
    private readonly string[] _patterns;
    private readonly Dictionary<string, bool> _cache = new(StringComparer.Ordinal);

    public KeyNameMatcher(IEnumerable<string> exactNames, IEnumerable<string> wordPatterns)
    {
        _exact = new HashSet<string>(exactNames, StringComparer.OrdinalIgnoreCase);
        var patterns = new List<string>();
        foreach (string pattern in wordPatterns)
        {
            string joined = string.Concat(Words(pattern));
            if (joined.Length > 0 && !patterns.Contains(joined))
            {
                patterns.Add(joined);
            }
        }

        _patterns = patterns.ToArray();
    }

    /// <summary>Whether there is any rule at all (without one, no name is ever a secret).</summary>
    public bool Any => _exact.Count > 0 || _patterns.Length > 0;

    public bool IsSecret(string name)
    {
        if (_cache.TryGetValue(name, out bool secret))
        {
            return secret;
        }

        secret = _exact.Contains(name) || MatchesPattern(name);
        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear(); // bounded: names built from data (dictionary keys) must not grow it without end
        }

        _cache[name] = secret;
        return secret;
    }

    /// <summary>The lower-case words of <paramref name="name"/>, cut at separators and camel-case humps.</summary>
    public static List<string> Words(string name)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= name.Length; i++)
        {
            char c = i < name.Length ? name[i] : ' ';
            bool part = char.IsLetterOrDigit(c);
            if (part && start >= 0 && IsHump(name, i))
            {
                words.Add(name[start..i].ToLowerInvariant());
                start = i;
            }
            else if (part && start < 0)
            {
                start = i;
            }
            else if (!part && start >= 0)
            {
                words.Add(name[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }

    // A word starts at an upper-case letter after a lower-case letter or digit (userPassword, sha256Hash), or at
    // the last capital of a run that a lower-case letter follows (APIKey: the K).
    private static bool IsHump(string name, int i)
    {
        if (!char.IsUpper(name[i]))
        {
            return false;
        }

        char previous = name[i - 1];
        return char.IsLower(previous) || char.IsDigit(previous)
            || (char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]));
    }

    private bool MatchesPattern(string name)
    {
        if (_patterns.Length == 0)
        {
            return false;
        }

        var words = Words(name);
        foreach (string pattern in _patterns)
        {
            for (int first = 0; first < words.Count; first++)
            {
                int length = 0;
                for (int last = first; last < words.Count && length < pattern.Length; last++)
                {
                    string word = words[last];
                    if (string.CompareOrdinal(pattern, length, word, 0, word.Length) != 0 || length + word.Length > pattern.Length)
                    {
                        break;
                    }

                    length += word.Length;
                    if (length == pattern.Length)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
