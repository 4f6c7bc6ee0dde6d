using System;
using System.Buffers;

namespace Fapilog.Serilog.Enrichers;

/// <summary>
/// Derives the owning workload's name from a pod name, by the shapes the Kubernetes controllers give names:
/// <list type="bullet">
/// <item>Deployment: <c>&lt;deployment&gt;-&lt;replicaset hash&gt;-&lt;suffix&gt;</c>, the hash 5–10 characters and the
/// suffix 5 characters, both from the controllers' alphabet <c>bcdfghjklmnpqrstvwxz2456789</c>
/// (no vowels, no 0/1/3 — so <c>web-7d4b9c8f5-x2k9p</c> → <c>web</c>).</item>
/// <item>StatefulSet: <c>&lt;statefulset&gt;-&lt;ordinal&gt;</c> (<c>db-0</c> → <c>db</c>).</item>
/// <item>DaemonSet (or a bare ReplicaSet/Job): <c>&lt;name&gt;-&lt;suffix&gt;</c> (<c>fluentd-x2k9p</c> → <c>fluentd</c>).</item>
/// </list>
/// The shapes are tried in that order, so a name that fits several gets the longest pattern's reading.
/// A name that fits none gives <see langword="null"/>. It is a heuristic: a pod named by hand can look like one
/// of these shapes.
/// </summary>
internal static class KubernetesWorkload
{
    private static readonly SearchValues<char> s_alphabet = SearchValues.Create("bcdfghjklmnpqrstvwxz2456789");
    private const int SuffixLength = 5;
    private const int MinHashLength = 5;
    private const int MaxHashLength = 10;

    public static string? FromPodName(string? podName)
    {
        if (string.IsNullOrWhiteSpace(podName))
        {
            return null;
        }

        string name = podName.Trim();
        int last = name.LastIndexOf('-');
        if (last <= 0 || last == name.Length - 1)
        {
            return null;
        }

        var head = name.AsSpan(0, last);
        var tail = name.AsSpan(last + 1);

        if (tail.Length == SuffixLength && IsFromAlphabet(tail))
        {
            int previous = head.LastIndexOf('-');
            if (previous > 0)
            {
                var hash = head[(previous + 1)..];
                if (hash.Length is >= MinHashLength and <= MaxHashLength && IsFromAlphabet(hash))
                {
                    return head[..previous].ToString();
                }
            }
        }

        if (IsOrdinal(tail))
        {
            return head.ToString();
        }

        return tail.Length == SuffixLength && IsFromAlphabet(tail) ? head.ToString() : null;
    }

    private static bool IsFromAlphabet(ReadOnlySpan<char> part)
        => part.IndexOfAnyExcept(s_alphabet) < 0;

    private static bool IsOrdinal(ReadOnlySpan<char> part)
    {
        // StatefulSet ordinals are decimal without leading zeros: 0, 1, ..., 10, ...
        if (part.Length == 0 || part.Length > 9 || (part[0] == '0' && part.Length > 1))
        {
            return false;
        }

        foreach (char c in part)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
