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
    /// <summary>Slots of <c>log.context</c> (besides <c>message_id</c>, which is always there).</summary>
    public const uint ContextSlots = (1u << (int)EnvelopeSlot.CorrelationId) | (1u << (int)EnvelopeSlot.CorrelationIdSnake)
        | (1u << (int)EnvelopeSlot.RequestId) | (1u << (int)EnvelopeSlot.RequestIdSnake) | (1u << (int)EnvelopeSlot.UserId)
        | (1u << (int)EnvelopeSlot.UserIdSnake) | (1u << (int)EnvelopeSlot.TenantId) | (1u << (int)EnvelopeSlot.TenantIdSnake)
        | (1u << (int)EnvelopeSlot.ParentSpanId);

    /// <summary>Slots of <c>log.diagnostics</c> (besides <c>origin</c>).</summary>
    public const uint DiagnosticsSlots = ((1u << ((int)EnvelopeSlot.K8sDeployment + 1)) - 1) & ~((1u << (int)EnvelopeSlot.Service) - 1);

    private readonly LogEventPropertyValue?[] _values = new LogEventPropertyValue?[(int)EnvelopeSlot.Count];
    private readonly string?[] _names = new string?[(int)EnvelopeSlot.Count];

    // The event's properties in enumeration order, with their names' entries: enumerated once per event. One
    // array of structs rather than three arrays: storing into a struct's fields needs no array-covariance check,
    // which an array of the (unsealed) value type costs on every store.
    private Property[] _properties = new Property[16];
    private uint _present;

    /// <summary>How many properties the event has.</summary>
    public int Count { get; private set; }

    /// <summary>Bits (by <see cref="EnvelopeSlot"/>) of the slots a property moved to.</summary>
    public uint Present => _present;

    public string NameAt(int index) => _properties[index].Name;

    public LogEventPropertyValue ValueAt(int index) => _properties[index].Value;

    /// <summary>The cached entry of the name at <paramref name="index"/>, or null when the name table could not hold it.</summary>
    public NameEntry? EntryAt(int index) => _properties[index].Entry;

    public void Collect(LogEvent logEvent, FapilogLevel level, PropertyNameTable? names = null)
    {
        if (_present != 0)
        {
            Array.Clear(_values);
            Array.Clear(_names);
            _present = 0;
        }

        Array.Clear(_properties, 0, Count); // no stale references kept alive between events
        Count = 0;
        if (logEvent.Properties is Dictionary<string, LogEventPropertyValue> dictionary)
        {
            foreach (var property in dictionary)
            {
                Add(property.Key, property.Value, level, names);
            }
        }
        else
        {
            foreach (var property in logEvent.Properties)
            {
                Add(property.Key, property.Value, level, names);
            }
        }

        // The PascalCase name wins; a snake_case twin beside it stays in data.
        Prefer(EnvelopeSlot.CorrelationId, EnvelopeSlot.CorrelationIdSnake);
        Prefer(EnvelopeSlot.RequestId, EnvelopeSlot.RequestIdSnake);
        Prefer(EnvelopeSlot.UserId, EnvelopeSlot.UserIdSnake);
        Prefer(EnvelopeSlot.TenantId, EnvelopeSlot.TenantIdSnake);
    }

    /// <summary>
    /// The value of the property whose key is this very string object: Serilog keys an event's properties with
    /// the template's own property-name strings, so message tokens find their values without hashing. Null when
    /// no key is the same object (the caller then looks the name up by value).
    /// </summary>
    public LogEventPropertyValue? FindSameName(string name)
    {
        var properties = _properties;
        for (int i = 0; i < Count; i++)
        {
            if (ReferenceEquals(properties[i].Name, name))
            {
                return properties[i].Value;
            }
        }

        return null;
    }

    /// <summary>True when the property at <paramref name="index"/> was moved and must not appear in <c>data</c>.</summary>
    public bool IsConsumedAt(int index)
    {
        ref readonly var property = ref _properties[index];
        var slot = property.Entry?.Slot ?? SlotOf(property.Name);
        return slot != EnvelopeSlot.None && ReferenceEquals(_names[(int)slot], property.Name);
    }

    private void Add(string name, LogEventPropertyValue value, FapilogLevel level, PropertyNameTable? names)
    {
        int index = Count;
        if (index == _properties.Length)
        {
            Array.Resize(ref _properties, index * 2);
        }

        var entry = names?.Find(name);
        ref var property = ref _properties[index];
        property.Name = name;
        property.Value = value;
        property.Entry = entry;
        Count = index + 1;

        var slot = entry?.Slot ?? SlotOf(name);
        if (slot != EnvelopeSlot.None && Fits(slot, value, level))
        {
            _values[(int)slot] = value;
            _names[(int)slot] = name;
            _present |= 1u << (int)slot;
        }
    }

    /// <summary>The moved value for a slot, or for its snake_case twin.</summary>
    public ScalarValue? Scalar(EnvelopeSlot slot, EnvelopeSlot twin = EnvelopeSlot.None)
        => (_values[(int)slot] ?? (twin == EnvelopeSlot.None ? null : _values[(int)twin])) as ScalarValue;

    public SequenceValue? Tags => _values[(int)EnvelopeSlot.Tags] as SequenceValue;

    private void Prefer(EnvelopeSlot pascal, EnvelopeSlot snake)
    {
        if (_values[(int)pascal] is not null && _values[(int)snake] is not null)
        {
            _values[(int)snake] = null;
            _names[(int)snake] = null;
            _present &= ~(1u << (int)snake);
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

    private struct Property
    {
        public string Name;
        public LogEventPropertyValue Value;
        public NameEntry? Entry;
    }
}
