using System;
using System.Collections.Generic;
using System.Numerics;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog;

/// <summary>
/// The clean path: whether an event certainly has nothing to redact, answered from per-template plans and per-name
/// verdicts cached on this stage (so under this stage's rules only), with one look at each value.
/// </summary>
/// <remarks>
/// Only "clean" is ever cached, and only after a check that ran to its end: a name that is a secret, one the value
/// patterns change, or one whose check threw, is never remembered as clean, so such an event always takes the full
/// walk, which masks, counts and reports failures exactly as it would without any cache. A cache that is full is
/// emptied (bounded; an empty cache only makes the next events slower). Writer thread only, like the stage.
/// </remarks>
internal sealed partial class RedactionStage
{
    internal const int PlanLimit = 1024;
    internal const int NameLimit = 4096;

    // Writer thread only: the plan of each template seen lately (by reference: Serilog parses each text once), the
    // last one used (events of one template come in runs), and each property name's verdict, true when clean.
    private readonly Dictionary<MessageTemplate, TemplatePlan> _plans = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, bool> _cleanNames = new(StringComparer.Ordinal);
    private readonly string[] _onePath = new string[1];
    private TemplatePlan? _lastPlan;

    /// <summary>Whether the clean path is used (tests switch it off to compare it with the full walk).</summary>
    internal bool UsesCleanPath { get; set; } = true;

    /// <summary>How many template plans and name verdicts are cached (for tests of the bounds).</summary>
    internal (int Plans, int Names) CacheSizes => (_plans.Count, _cleanNames.Count);

    /// <summary>
    /// True when nothing in <paramref name="logEvent"/> would be redacted or fail to be checked, so that the full
    /// walk would return it unchanged and count nothing; false when that is not certain. Never throws.
    /// </summary>
    private bool IsCertainlyClean(LogEvent logEvent)
    {
        if (!UsesCleanPath || (_rules.RedactExceptions && logEvent.Exception is not null)
            || logEvent.Properties is not Dictionary<string, LogEventPropertyValue> properties)
        {
            return false;
        }

        var plan = PlanOf(logEvent.MessageTemplate);
        if (!plan.TemplateIsClean)
        {
            return false;
        }

        var names = plan.Names;
        int index = 0;
        foreach (var (name, value) in properties)
        {
            // The name first: the same string as the template's hole (or the enricher's constant) costs one compare.
            bool knownName = index < names.Length && ReferenceEquals(names[index], name);
            if ((value is ScalarValue scalar ? !IsClean(scalar.Value) : !IsCleanNested(name, value)) || (!knownName && !IsCleanName(plan, index, name)))
            {
                return false;
            }

            index++;
        }

        return true;
    }

    /// <summary>What the full walk does with a top-level scalar, on the way that leaves it unchanged (false: it may change it, or throw).</summary>
    private bool IsClean(object? value)
    {
        // In the order of how common they are in events, each test one compare of the value's type (Enum last: it
        // is not one); the full walk's switch has the same verdicts.
        if (value is string text)
        {
            return IsCleanText(text);
        }

        if (value is int or bool or null)
        {
            return true;
        }

        if (value is double d)
        {
            return !_rules.Values.ScansNumbers || !(Math.Abs(d) >= 1e12);
        }

        if (value is long)
        {
            return !_rules.Values.ScansNumbers;
        }

        if (value is DateTimeOffset or DateTime or Guid or TimeSpan or char or byte or sbyte or short or ushort or uint or DateOnly or TimeOnly)
        {
            return true;
        }

        if (value is float f)
        {
            return !_rules.Values.ScansNumbers || !(Math.Abs(f) >= 1e12);
        }

        if (value is ulong or decimal or BigInteger)
        {
            return !_rules.Values.ScansNumbers;
        }

        return value is Enum; // anything else (a Uri, a user type, bytes) is rendered and scanned by the full walk
    }

    private TemplatePlan PlanOf(MessageTemplate template)
    {
        if (_lastPlan is { } last && ReferenceEquals(last.Template, template))
        {
            return last;
        }

        if (!_plans.TryGetValue(template, out var plan))
        {
            if (_plans.Count >= PlanLimit)
            {
                _plans.Clear();
            }

            plan = new TemplatePlan(template, IsCleanTemplate(template));
            _plans[template] = plan;
            foreach (var token in template.Tokens)
            {
                // The holes' names, in order, are the properties the binder added first: remember the clean ones.
                if (token is PropertyToken hole && plan.Count < TemplatePlan.MaxNames && Array.IndexOf(plan.Names, hole.PropertyName, 0, plan.Count) < 0
                    && CleanName(hole.PropertyName))
                {
                    plan.Remember(plan.Count, hole.PropertyName);
                }
            }
        }

        _lastPlan = plan;
        return plan;
    }

    // A name the plan does not know at that position: its verdict by text (cached), remembered there when clean.
    private bool IsCleanName(TemplatePlan plan, int index, string name)
    {
        if (!CleanName(name))
        {
            return false;
        }

        if (index < TemplatePlan.MaxNames)
        {
            plan.Remember(index, name);
        }

        return true;
    }

    private bool CleanName(string name)
    {
        if (_cleanNames.TryGetValue(name, out bool clean))
        {
            return clean;
        }

        clean = CheckName(name);
        if (_cleanNames.Count >= NameLimit)
        {
            _cleanNames.Clear(); // names built from data must not grow it without end
        }

        _cleanNames[name] = clean;
        return clean;
    }

    // What the full walk asks of a top-level name: a secret by key name, changed by the value patterns (a secret in
    // the name itself), or matched by a path of one segment: a field's question (IsCleanField) at the top of a path.
    // A check that throws is no verdict of clean.
    private bool CheckName(string name)
    {
        try
        {
            return IsCleanField(name, 0, _onePath);
        }
        catch (Exception)
        {
            return false;
        }
    }

    // Whether the template's text and hole names have nothing the value patterns change (as RedactTemplate checks).
    private bool IsCleanTemplate(MessageTemplate template)
    {
        try
        {
            foreach (var token in template.Tokens)
            {
                string? literal = token is TextToken text ? text.Text : token is PropertyToken hole ? hole.PropertyName : null;
                if (literal is not null && _rules.Values.Redact(literal) is not null)
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
