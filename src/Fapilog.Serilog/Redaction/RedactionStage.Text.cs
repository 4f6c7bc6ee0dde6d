using System;
using System.Collections.Generic;
using System.Text;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog;

/// <summary>The template's literal text and the exception's text.</summary>
internal sealed partial class RedactionStage
{
    private const int TemplateCacheLimit = 2048;
    private const int MaxExceptionDepth = 8;

    // Writer thread only. Serilog hands out one MessageTemplate instance per distinct text, so a template is
    // scanned once, not once per event; the value is the template itself when it has nothing to redact.
    private readonly Dictionary<MessageTemplate, MessageTemplate> _templates = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The template with the value patterns applied to its literal text (a secret interpolated into the template by
    /// mistake); holes keep their names and formats, so the message still renders from the (redacted) properties.
    /// </summary>
    private MessageTemplate Template(MessageTemplate template, ref int failures)
    {
        if (_templates.TryGetValue(template, out var cached))
        {
            if (!ReferenceEquals(cached, template))
            {
                _values.Redacted++;
            }

            return cached;
        }

        var redacted = RedactTemplate(template, ref failures);
        if (_templates.Count >= TemplateCacheLimit)
        {
            _templates.Clear();
        }

        _templates[template] = redacted;
        if (!ReferenceEquals(redacted, template))
        {
            _values.Redacted++;
        }

        return redacted;
    }

    private MessageTemplate RedactTemplate(MessageTemplate template, ref int failures)
    {
        List<MessageTemplateToken>? tokens = null;
        int index = 0;
        foreach (var token in template.Tokens)
        {
            string? masked = null;
            // A hole whose name holds a secret (ghp_… is a valid name) would show it in @mt, or rendered when missing.
            string? literal = token is TextToken text ? text.Text : token is PropertyToken hole ? hole.PropertyName : null;
            if (literal is not null)
            {
                try
                {
                    masked = _rules.Values.Redact(literal);
                }
                catch (Exception ex)
                {
                    failures++;
                    if (_rules.OnFailure == RedactionFailureMode.DropEvent)
                    {
                        Count(_values.Redacted, failures);
                        throw new RedactionFailedException("the message template could not be checked", ex);
                    }

                    masked = _rules.Mask;
                }
            }

            if (masked is not null && tokens is null)
            {
                tokens = new List<MessageTemplateToken>();
                int i = 0;
                foreach (var earlier in template.Tokens)
                {
                    if (i++ == index)
                    {
                        break;
                    }

                    tokens.Add(earlier);
                }
            }

            tokens?.Add(masked is null ? token : new TextToken(masked));
            index++;
        }

        if (tokens is null)
        {
            return template;
        }

        var source = new StringBuilder();
        foreach (var token in tokens)
        {
            // The template's text is written by CLEF (@mt): literal braces are doubled again, holes keep their raw text.
            source.Append(token is TextToken t ? t.Text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal) : token.ToString());
        }

        return new MessageTemplate(source.ToString(), tokens);
    }

    /// <summary>The exception, or a <see cref="RedactedException"/> carrying its redacted text when its text has a hit.</summary>
    private Exception Exception(Exception exception, ref int failures)
    {
        try
        {
            return Redact(exception, 1, force: false) ?? exception;
        }
        catch (Exception ex) when (ex is not RedactionFailedException)
        {
            failures++;
            if (_rules.OnFailure == RedactionFailureMode.DropEvent)
            {
                Count(_values.Redacted, failures);
                throw new RedactionFailedException("the exception could not be checked", ex);
            }

            _values.Redacted++;
            return new RedactedException(exception, _rules.Mask, _rules.Mask, null, null);
        }
    }

    // Null when nothing matched (and force is off). Once the outer one is rewritten, its inner ones are always
    // wrapped too: the envelope writes each inner exception's text on its own.
    private RedactedException? Redact(Exception exception, int depth, bool force)
    {
        string message = exception.Message;
        string text = exception.ToString();
        string? stackTrace = exception.StackTrace;
        string? redactedMessage = _rules.Values.Redact(message);
        string? redactedText = _rules.Values.Redact(text);
        if (!force && redactedMessage is null && redactedText is null)
        {
            return null;
        }

        _values.Redacted++;
        var inner = exception.InnerException is { } i && depth < MaxExceptionDepth ? Redact(i, depth + 1, force: true) : null;
        return new RedactedException(
            exception,
            redactedMessage ?? message,
            redactedText ?? text,
            stackTrace is null ? null : _rules.Values.Redact(stackTrace) ?? stackTrace,
            inner);
    }
}
