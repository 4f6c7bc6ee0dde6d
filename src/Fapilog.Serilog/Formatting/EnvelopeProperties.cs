using System;
using System.Collections.Generic;
using Serilog.Events;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Decides, per event, which properties move out of <c>data</c> into <c>logger</c>, <c>context</c>,
/// <c>diagnostics</c> and <c>tags</c>. A property moves only when its value fits the schema's type for the
/// slot, so the line always validates: ids and names must be scalars (written as strings), <c>pid</c> an
/// integer, <c>Tags</c> a sequence of strings. Anything else stays in <c>data</c>, untouched.
/// </summary>
/// <remarks>Reused per event by one thread (it lives in a <see cref="FormatterScratch"/>).</remarks>
internal sealed class EnvelopeProperties
{
    private readonly LogEventPropertyValue?[] _values = new LogEventPropertyValue?[(int)EnvelopeSlot.Count];
    private readonly string?[] _names = new string?[(int)EnvelopeSlot.Count];

    public void Collect(LogEvent logEvent, FapilogLevel level)
    {
        Array.Clear(_values);
        Array.Clear(_names);
        if (logEvent.Properties is Dictionary<string, LogEventPropertyValue> dictionary)
        {
            foreach (var property in dictionary)
            {
                Consider(property.Key, property.Value, level);
            }
        }
        else
        {
            foreach (var property in logEvent.Properties)
            {
                Consider(property.Key, property.Value, level);
            }
        }

        // The PascalCase name wins; a snake_case twin beside it stays in data.
        Prefer(EnvelopeSlot.CorrelationId, EnvelopeSlot.CorrelationIdSnake);
        Prefer(EnvelopeSlot.RequestId, EnvelopeSlot.RequestIdSnake);
        Prefer(EnvelopeSlot.UserId, EnvelopeSlot.UserIdSnake);
        Prefer(EnvelopeSlot.TenantId, EnvelopeSlot.TenantIdSnake);
    }

    /// <summary>The moved value for a slot, or for its snake_case twin.</summary>
    public ScalarValue? Scalar(EnvelopeSlot slot, EnvelopeSlot twin = EnvelopeSlot.None)
        => (_values[(int)slot] ?? (twin == EnvelopeSlot.None ? null : _values[(int)twin])) as ScalarValue;

    public SequenceValue? Tags => _values[(int)EnvelopeSlot.Tags] as SequenceValue;

    /// <summary>True when the property named <paramref name="name"/> was moved and must not appear in <c>data</c>.</summary>
    public bool IsConsumed(string name)
    {
        var slot = SlotOf(name);
        return slot != EnvelopeSlot.None && ReferenceEquals(_names[(int)slot], name);
    }

    private void Consider(string name, LogEventPropertyValue value, FapilogLevel level)
    {
        var slot = SlotOf(name);
        if (slot != EnvelopeSlot.None && Fits(slot, value, level))
        {
            _values[(int)slot] = value;
            _names[(int)slot] = name;
        }
    }

    private void Prefer(EnvelopeSlot pascal, EnvelopeSlot snake)
    {
        if (_values[(int)pascal] is not null)
        {
            _values[(int)snake] = null;
            _names[(int)snake] = null;
        }
    }

    private static bool Fits(EnvelopeSlot slot, LogEventPropertyValue value, FapilogLevel level) => slot switch
    {
        // The marker is only consumed when it actually decided the level; otherwise it is ordinary data.
        EnvelopeSlot.LevelMarker => level is FapilogLevel.Audit or FapilogLevel.Security,
        EnvelopeSlot.Pid => value is ScalarValue { Value: sbyte or byte or short or ushort or int or uint or long or ulong },
        EnvelopeSlot.Tags => IsStringSequence(value),
        _ => value is ScalarValue { Value: not null },
    };

    private static bool IsStringSequence(LogEventPropertyValue value)
    {
        if (value is not SequenceValue sequence)
        {
            return false;
        }

        var elements = sequence.Elements;
        for (int i = 0; i < elements.Count; i++)
        {
            if (elements[i] is not ScalarValue { Value: string })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a property is one of the runtime facts mapped to <c>log.diagnostics</c> (service, host, pid,
    /// thread, Kubernetes…): constant per process or thread, so output for people leaves them out.
    /// </summary>
    internal static bool IsDiagnostics(string name) => SlotOf(name) is >= EnvelopeSlot.Service and <= EnvelopeSlot.K8sDeployment;

    internal static EnvelopeSlot SlotOf(string name) => name switch
    {
        FapilogProperties.SourceContext => EnvelopeSlot.Logger,
        FapilogProperties.CorrelationId => EnvelopeSlot.CorrelationId,
        "correlation_id" => EnvelopeSlot.CorrelationIdSnake,
        FapilogProperties.RequestId => EnvelopeSlot.RequestId,
        "request_id" => EnvelopeSlot.RequestIdSnake,
        FapilogProperties.UserId => EnvelopeSlot.UserId,
        "user_id" => EnvelopeSlot.UserIdSnake,
        FapilogProperties.TenantId => EnvelopeSlot.TenantId,
        "tenant_id" => EnvelopeSlot.TenantIdSnake,
        FapilogProperties.ParentSpanId => EnvelopeSlot.ParentSpanId,
        FapilogProperties.ServiceName => EnvelopeSlot.Service,
        FapilogProperties.EnvironmentName => EnvelopeSlot.Env,
        FapilogProperties.ServiceVersion => EnvelopeSlot.Version,
        FapilogProperties.MachineName => EnvelopeSlot.Host,
        FapilogProperties.ProcessId => EnvelopeSlot.Pid,
        FapilogProperties.Runtime => EnvelopeSlot.Runtime,
        FapilogProperties.ThreadId => EnvelopeSlot.ThreadId,
        FapilogProperties.ThreadName => EnvelopeSlot.ThreadName,
        FapilogProperties.KubernetesPod => EnvelopeSlot.K8sPod,
        FapilogProperties.KubernetesNamespace => EnvelopeSlot.K8sNamespace,
        FapilogProperties.KubernetesNode => EnvelopeSlot.K8sNode,
        FapilogProperties.KubernetesContainer => EnvelopeSlot.K8sContainer,
        FapilogProperties.KubernetesCluster => EnvelopeSlot.K8sCluster,
        FapilogProperties.KubernetesDeployment => EnvelopeSlot.K8sDeployment,
        FapilogProperties.Tags => EnvelopeSlot.Tags,
        FapilogProperties.Level => EnvelopeSlot.LevelMarker,
        _ => EnvelopeSlot.None,
    };
}
