using System;
using System.Collections.Generic;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Redaction;

/// <summary>
/// The clean path into structures, sequences and dictionaries: what it says clean takes no full walk, and whatever
/// it decides, the stage writes what the full walk writes (a stage with the clean path off, side by side).
/// </summary>
public class RedactionCleanPathNestedTests
{
    private static readonly MessageTemplateParser Parser = new();
    private static readonly MessageTemplate Finished = Parser.Parse("Request finished {Path} in {Elapsed} ms");

    private static StructureValue Structure(params (string Name, object? Value)[] fields) =>
        new(fields.Select(f => new LogEventProperty(f.Name, Value(f.Value))));

    private static DictionaryValue Dictionary(params (object Key, object? Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(e.Key), Value(e.Value))));

    private static LogEventPropertyValue Value(object? value) => value as LogEventPropertyValue ?? new ScalarValue(value);

    private static StructureValue EventId(int id, string name) => Structure(("Id", id), ("Name", name));

    private static LogEvent Request(string path, params (string Name, object? Value)[] extra) =>
        RedactionCleanPathTests.Bound(Finished, new object?[] { path, 12.5 }, extra.Append(("SourceContext", "Microsoft.AspNetCore.Hosting.Diagnostics")).ToArray());

    /// <summary>The event as the stage with the clean path leaves it, after checking that the full walk leaves it alike.</summary>
    private static LogEvent Both(RedactionStage fast, LogEvent original, FapilogRedactionOptions options)
    {
        var full = new RedactionStage(new RedactionRules(options), new PipelineCounters()) { UsesCleanPath = false };
        var slow = new FapilogEvent(original, 1, FapilogLevel.Information, Formatted.MessageId);
        var quick = new FapilogEvent(original, 1, FapilogLevel.Information, Formatted.MessageId);
        Assert.True(full.Process(ref slow));
        Assert.True(fast.Process(ref quick));
        Assert.Equal(ReferenceEquals(slow.LogEvent, original), ReferenceEquals(quick.LogEvent, original));
        Assert.Equal(Text(slow.LogEvent), Text(quick.LogEvent));
        return quick.LogEvent;
    }

    private static string Text(LogEvent e) => string.Join("; ", e.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    [Fact]
    public void AnEventIdStructure_AndRouteTemplatesAndUrls_TakeTheCleanPath()
    {
        var options = new FapilogRedactionOptions();
        var stage = new RedactionStage(options, new PipelineCounters());
        var events = new[]
        {
            Request("/api/orders/{id:int}", ("EventId", EventId(2, "RequestFinished"))),
            Request("http://127.0.0.1:5099/api/orders/42?page=2", ("EventId", EventId(1, "RequestStarting")), ("Scope", new SequenceValue(new[] { new ScalarValue("HTTP GET /api/orders/{id:int}") }))),
            Request("/health", ("Headers", Dictionary(("Accept", "text/plain"), ("Host", "127.0.0.1:5099")))),
        };

        foreach (var original in events.Concat(events))
        {
            Assert.Same(original, Both(stage, original, options));
        }

        Assert.Equal(0, stage.FullWalks);
    }

    [Fact]
    public void ASecretName_AtAnyDepth_IsMasked_AndTheCleanNamesAroundItStayClean()
    {
        var options = new FapilogRedactionOptions();
        var stage = new RedactionStage(options, new PipelineCounters());
        var secret = Request("/login", ("User", Structure(("Name", "bob"), ("Profile", Structure(("Password", "hunter2"), ("Id", 7))))));
        var clean = Request("/login", ("User", Structure(("Name", "bob"), ("Profile", Structure(("Nick", "b"), ("Id", 7))))));

        Assert.Equal("{ Name: \"bob\", Profile: { Password: \"***\", Id: 7 } }", Both(stage, secret, options).Properties["User"].ToString());
        Assert.Same(clean, Both(stage, clean, options));
        Assert.Equal("{ Name: \"bob\", Profile: { Password: \"***\", Id: 7 } }", Both(stage, secret, options).Properties["User"].ToString());
        Assert.Equal(2, stage.FullWalks);
    }

    [Fact]
    public void APathRule_OnANestedField_MasksThatPathOnly_EvenWhereItsNameIsCleanElsewhere()
    {
        var options = new FapilogRedactionOptions { Paths = new[] { "order.name", "*.card.pin", "request.**.code" } };
        var stage = new RedactionStage(options, new PipelineCounters());
        var id = Request("/a", ("EventId", EventId(1, "Started")));
        var order = Request("/a", ("Order", Structure(("Name", "widget"), ("Card", Structure(("Pin", 1234), ("Brand", "visa"))))));
        var deep = Request("/a", ("Request", Structure(("A", Structure(("B", Dictionary(("Code", "xyz"))))))));
        var shallow = Request("/a", ("Other", Structure(("Code", "xyz"), ("Pin", 1))));

        Assert.Same(id, Both(stage, id, options));
        Assert.Equal("{ Name: \"***\", Card: { Pin: \"***\", Brand: \"visa\" } }", Both(stage, order, options).Properties["Order"].ToString());
        Assert.Equal("{ A: { B: [(\"Code\": \"***\")] } }", Both(stage, deep, options).Properties["Request"].ToString());
        Assert.Same(shallow, Both(stage, shallow, options));
        Assert.Same(id, Both(stage, id, options)); // "Name" is still clean under EventId
        Assert.Equal(2, stage.FullWalks);
    }

    [Fact]
    public void ASecretValue_InsideAStructureSequenceOrDictionary_IsMasked()
    {
        var options = new FapilogRedactionOptions();
        var stage = new RedactionStage(options, new PipelineCounters());
        var events = new[]
        {
            Request("/a", ("Db", Structure(("Connection", "Server=x;Password=y")))),
            Request("/a", ("Calls", new SequenceValue(new[] { new ScalarValue("ok"), new ScalarValue("GET /cb?token=abc") }))),
            Request("/a", ("Headers", Dictionary(("Accept", "text/plain"), ("X-Forwarded", "Bearer abcdefghijklmnop1234")))),
            Request("/a", ("Headers", Dictionary(("Authorization", "x")))),
            Request("/a", ("Fields", Structure(("ghp_abcdefghijklmnopqrstuvwxyz0123456789", 1)))),
        };

        foreach (var original in events)
        {
            var e = Both(stage, original, options);
            Assert.NotSame(original, e);
            Assert.Contains("***", Text(e), StringComparison.Ordinal);
        }

        Assert.Equal(events.Length, stage.FullWalks);
    }

    [Fact]
    public void WhatTheCleanPathIsNotSureOf_TakesTheFullWalk_AndComesOutAlike()
    {
        var options = new FapilogRedactionOptions { MaxDepth = 2, Paths = new[] { "list.number" } };
        var stage = new RedactionStage(options, new PipelineCounters());
        var events = new[]
        {
            Request("/a", ("Deep", Structure(("A", Structure(("B", 1)))))), // deeper than the limit: masked
            Request("/a", ("List", new SequenceValue(new[] { Structure(("Number", 4)) }))), // the path rule, through a sequence
            Request("/a", ("ByNumber", Dictionary((1, "one")))), // a key that is not a string
            Request("/a", ("Uri", Structure(("At", new Uri("https://u:p@h/"))))), // a scalar rendered to text
        };

        foreach (var original in events)
        {
            Both(stage, original, options);
        }

        Assert.Equal(events.Length, stage.FullWalks);
        var within = Request("/a", ("Shallow", Structure(("A", 1))));
        Assert.Same(within, Both(stage, within, options));
        Assert.Equal(events.Length, stage.FullWalks);
    }

    [Fact]
    public void APathRule_ReachesTheFieldsOfEveryElementOfASequence_WhateverCameBefore()
    {
        // Sequences add no segment (docs/redaction.md): user.cards.number is the number of each card.
        var options = new FapilogRedactionOptions { Paths = new[] { "user.cards.number" } };
        var stage = new RedactionStage(options, new PipelineCounters());
        var before = Request("/a", ("User", Structure(("Other", Structure(("X", 1))))));
        var cards = Request("/a", ("User", Structure(("Cards", new SequenceValue(new[] { Structure(("Number", 4111), ("Brand", "visa")) })))));

        var otherCards = Request("/a", ("User", Structure(("Cards", new SequenceValue(new[] { Structure(("Brand", "visa")) })))));

        Both(stage, before, options);
        Assert.Equal("{ Cards: [{ Number: \"***\", Brand: \"visa\" }] }", Both(stage, cards, options).Properties["User"].ToString());
        Assert.Same(otherCards, Both(stage, otherCards, options));
        Assert.Equal(1, stage.FullWalks); // only the event with a card number
    }

    [Fact]
    public void AStringFoundCleanBefore_IsCleanByReference_AndASecretOneNeverIs()
    {
        var options = new FapilogRedactionOptions();
        var stage = new RedactionStage(options, new PipelineCounters());
        string route = "/api/orders/{id:int}";
        string secret = "GET /cb?token=abc";
        var clean = Request(route, ("Route", route));
        var leaky = Request(secret, ("Route", route));

        for (int i = 0; i < 3; i++)
        {
            Assert.Same(clean, Both(stage, clean, options));
            Assert.Equal("GET /cb?token=***", ((ScalarValue)Both(stage, leaky, options).Properties["Path"]).Value);
        }

        Assert.Equal(3, stage.FullWalks);
    }

    [Fact]
    public void TheFieldNameCache_IsBounded_AndStillDecidesRight()
    {
        var options = new FapilogRedactionOptions();
        var stage = new RedactionStage(options, new PipelineCounters());
        for (int i = 0; i < RedactionStage.NameLimit + 10; i++)
        {
            var clean = Request("/a", ("Data", Structure(("Field" + i, i))));
            Assert.Same(clean, Both(stage, clean, options));
            Assert.InRange(stage.FieldCacheSize, 1, RedactionStage.NameLimit);
        }

        var secret = Request("/a", ("Data", Structure(("Field1", 1), ("ApiKey", "k"))));
        Assert.Equal("{ Field1: 1, ApiKey: \"***\" }", Both(stage, secret, options).Properties["Data"].ToString());
    }
}
