using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>How the loopback Loki treats an entry older than the newest one of its stream (Loki's <c>unordered_writes</c>).</summary>
internal enum LokiOrdering
{
    /// <summary>Loki 2.4 and later (<c>unordered_writes: true</c>): accepted unless older than the stream's newest entry minus the window ("entry too far behind").</summary>
    Unordered,

    /// <summary><c>unordered_writes: false</c>: an entry older than the stream's last one is refused ("entry out of order").</summary>
    Ordered,
}

/// <summary>
/// A loopback Grafana Loki (with <see cref="LoopbackServer"/>'s faults) that implements the push API as Loki documents
/// and answers it: <c>POST /loki/api/v1/push</c> with a JSON body (<c>Content-Encoding</c> none, gzip or deflate), 204
/// when every entry was kept; 401 <c>no org id</c> in multi-tenant mode without <c>X-Scope-OrgID</c>; 400 with Loki's
/// texts for a malformed body, a bad label set, a line too long and entries out of order (the valid entries of such a
/// push are kept, as Loki keeps them). Timestamps are Unix nanoseconds written as decimal strings.
/// </summary>
internal sealed class LoopbackLoki : LoopbackServer
{
    public const string PushPath = "/loki/api/v1/push";
    private const string PlainText = "text/plain; charset=utf-8";

    private readonly object _sync = new();
    private readonly List<LokiPush> _pushes = new();
    private readonly List<LokiEntry> _entries = new();
    private readonly Dictionary<string, (long Newest, long Last, string LastLine)> _streams = new(StringComparer.Ordinal);

    /// <summary><c>auth_enabled: true</c>: a push needs <c>X-Scope-OrgID</c>. Without it every push is the tenant <c>fake</c>.</summary>
    public bool MultiTenant { get; init; }

    public LokiOrdering Ordering { get; init; } = LokiOrdering.Unordered;

    /// <summary>How far behind its stream's newest entry an entry may be when unordered (Loki: half of <c>max_chunk_age</c>, 1 h by default).</summary>
    public TimeSpan UnorderedWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Loki's <c>max_line_size</c> in bytes; 0 for none (Loki's default is 256 KB).</summary>
    public int MaxLineBytes { get; init; }

    /// <summary>Loki's base address, for the output's <c>Url</c>.</summary>
    public string Url => BaseUrl.ToString().TrimEnd('/');

    /// <summary>Every push the server parsed, with its headers and streams as sent, in arrival order.</summary>
    public IReadOnlyList<LokiPush> Pushes => Locked(() => _pushes.ToArray());

    /// <summary>Every entry Loki kept, in the order it kept them.</summary>
    public IReadOnlyList<LokiEntry> Entries => Locked(() => _entries.ToArray());

    /// <summary>The <c>log.data.N</c> (envelope) or <c>N</c> (CLEF) of every entry kept.</summary>
    public IReadOnlyList<int> Numbers => Entries.Select(e => e.Number).ToList();

    public static async Task<LoopbackLoki> StartAsync(bool multiTenant = false, LokiOrdering ordering = LokiOrdering.Unordered, int maxLineBytes = 0)
    {
        var loki = new LoopbackLoki { MultiTenant = multiTenant, Ordering = ordering, MaxLineBytes = maxLineBytes };
        return await StartAsync(loki);
    }

    protected override Answer Accept(HttpContext context, byte[] body)
    {
        var (status, text) = Push(context, body);
        return new Answer(status, text is null ? null : Encoding.UTF8.GetBytes(text), PlainText);
    }

    /// <summary>Loki's error bodies are plain text (a <see cref="ReceiverFault.Status"/> fault brings its own).</summary>
    protected override Answer StatusAnswer(HttpContext context, int code) => new(code, ContentType: PlainText);

    private (int Status, string? Body) Push(HttpContext context, byte[] body)
    {
        var request = context.Request;
        if (request.Path != PushPath || !HttpMethods.IsPost(request.Method))
        {
            return request.Path != PushPath ? (404, "404 page not found\n") : (405, null);
        }

        string tenant = "fake";
        if (MultiTenant)
        {
            tenant = request.Headers["X-Scope-OrgID"].ToString();
            if (tenant.Length == 0 || tenant.Contains('|', StringComparison.Ordinal))
            {
                return tenant.Length == 0 ? (401, "no org id\n") : (400, "multiple org IDs present\n");
            }
        }

        string encoding = request.Headers.ContentEncoding.ToString();
        if (encoding is not ("" or "gzip" or "deflate"))
        {
            return (400, $"Content-Encoding \"{encoding}\" not supported\n");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType != "application/json")
        {
            return (415, "this loopback Loki reads JSON pushes only (Content-Type: application/json)\n");
        }

        List<(Dictionary<string, string> Labels, List<(long Ns, string Line)> Values)> streams;
        try
        {
            streams = LokiPushBody.Parse(LokiPushBody.Decode(body, encoding));
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return (400, "loghttp.PushRequest: " + ex.Message + "\n");
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (_sync)
        {
            _pushes.Add(new LokiPush(headers, streams.Select(s => new LokiStream(s.Labels, s.Values)).ToList()));
            var errors = new StringBuilder();
            foreach (var (labels, values) in streams)
            {
                if (LokiPushBody.LabelError(labels) is { } labelError)
                {
                    return (400, labelError + "\n");
                }

                string key = LokiPushBody.StreamKey(labels);
                int ignored = 0;
                foreach (var (ns, line) in values)
                {
                    if (Refusal(key, ns, line) is { } reason)
                    {
                        ignored++;
                        errors.Append(CultureInfo.InvariantCulture, $"entry with timestamp {Time(ns)} ignored, reason: '{reason}',\n");
                    }
                    else if (Keep(key, ns, line))
                    {
                        _entries.Add(new LokiEntry(tenant, labels, key, ns, line));
                    }
                }

                if (ignored > 0)
                {
                    errors.Append(CultureInfo.InvariantCulture, $"user '{tenant}', total ignored: {ignored} out of {values.Count} for stream: {key}\n");
                }
            }

            return errors.Length > 0 ? (400, errors.ToString()) : (204, null);
        }
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_sync)
        {
            return read();
        }
    }

    private string? Refusal(string key, long ns, string line)
    {
        if (MaxLineBytes > 0 && Encoding.UTF8.GetByteCount(line) > MaxLineBytes)
        {
            return $"Max entry size '{MaxLineBytes}' bytes exceeded for stream '{key}' while adding an entry with length '{Encoding.UTF8.GetByteCount(line)}' bytes";
        }

        if (!_streams.TryGetValue(key, out var stream))
        {
            return null;
        }

        if (Ordering == LokiOrdering.Ordered)
        {
            return ns < stream.Last ? "entry out of order" : null;
        }

        long oldest = stream.Newest - (UnorderedWindow.Ticks * 100);
        return ns < oldest ? $"entry too far behind, entry timestamp is: {Time(ns)}, oldest acceptable timestamp is: {Time(oldest)}" : null;
    }

    /// <summary>Takes an entry into its stream; false for an exact repeat of the stream's last entry, which Loki drops silently.</summary>
    private bool Keep(string key, long ns, string line)
    {
        if (_streams.TryGetValue(key, out var stream) && stream.Last == ns && stream.LastLine == line)
        {
            return false;
        }

        _streams[key] = (Math.Max(ns, _streams.ContainsKey(key) ? stream.Newest : long.MinValue), ns, line);
        return true;
    }

    private static string Time(long ns) =>
        DateTimeOffset.FromUnixTimeMilliseconds(0).AddTicks(ns / 100).ToString("yyyy-MM-dd HH:mm:ss.fffffff +0000 UTC", CultureInfo.InvariantCulture);

}
