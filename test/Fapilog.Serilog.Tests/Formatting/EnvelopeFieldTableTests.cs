using System;
using System.Linq;
using System.Reflection;
using System.Text;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>
/// The envelope mapping is one table (<see cref="EnvelopeSchema"/>); everything the writer uses is derived from
/// it, and these check that the derived parts agree with the rows and that a table that cannot work is refused.
/// </summary>
public class EnvelopeFieldTableTests
{
    private static readonly EnvelopeFieldTable Table = EnvelopeSchema.Table;

    [Fact]
    public void Table_EachRowsIndexIsItsPlace_AndItsBitIsItsIndex()
    {
        Assert.InRange(Table.Count, 1, EnvelopeFieldTable.Capacity);
        for (int i = 0; i < Table.Count; i++)
        {
            Assert.Equal(i, Table[i].Index);
            Assert.Equal(1UL << i, Table[i].Bit);
        }
    }

    [Fact]
    public void Table_HoldsEveryFieldTheSchemaDeclares_InDeclarationOrder()
    {
        // Static initialisers run in textual order: a Table declared above a row would miss it.
        var declared = typeof(EnvelopeSchema).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(EnvelopeField))
            .Select(f => (EnvelopeField)f.GetValue(null)!)
            .ToArray();

        Assert.Equal(declared.Length, Table.Count);
        Assert.All(declared, field => Assert.Same(field, Table[field.Index]));
    }

    [Fact]
    public void Find_EachNameOfEachRow_FindsThatRow_AsTheNameTableAndPrettyOutputSeeIt()
    {
        var names = new PropertyNameTable();
        for (int i = 0; i < Table.Count; i++)
        {
            var field = Table[i];
            foreach (var name in field.Names)
            {
                Assert.Same(field, EnvelopeSchema.Find(name));
                Assert.Same(field, EnvelopeSchema.Find(new string(name.AsSpan()))); // by text, not by reference
                Assert.Same(field, names.Find(name)!.Field);
                Assert.Equal(field.Section == EnvelopeSection.Diagnostics, EnvelopeProperties.IsDiagnostics(name));
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("OrderId")]
    [InlineData("sourcecontext")]
    [InlineData("SourceContext ")]
    [InlineData("correlationId")]
    [InlineData("ThreadIds")]
    [InlineData("level")]
    public void Find_NameNotInTheTable_FindsNothing(string name)
    {
        Assert.Null(EnvelopeSchema.Find(name));
        Assert.Null(EnvelopeSchema.Find(new string('n', 300) + name));
        Assert.Null(new PropertyNameTable().Find(name)!.Field);
    }

    [Fact]
    public void EveryPropertyNameFapilogPropertiesDocuments_IsInTheTable()
    {
        var markerValues = new[] { FapilogProperties.AuditValue, FapilogProperties.SecurityValue };
        var documented = typeof(FapilogProperties).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Except(markerValues)
            .ToArray();

        Assert.NotEmpty(documented);
        Assert.All(documented, name => Assert.NotNull(EnvelopeSchema.Find(name)));
    }

    [Fact]
    public void Masks_AreTheBitsOfTheirSections_AndTheirFieldsAreScalars()
    {
        ulong context = 0, diagnostics = 0;
        for (int i = 0; i < Table.Count; i++)
        {
            var field = Table[i];
            if (field.Section == EnvelopeSection.Context)
            {
                context |= field.Bit;
            }
            else if (field.Section == EnvelopeSection.Diagnostics)
            {
                diagnostics |= field.Bit;
            }

            // The writer takes what moved to these sections as scalars.
            if (field.Section is EnvelopeSection.Context or EnvelopeSection.Diagnostics)
            {
                Assert.Contains(field.Value, new[] { EnvelopeValue.String, EnvelopeValue.Integer, EnvelopeValue.IntegerOrString });
            }
        }

        Assert.Equal(context, EnvelopeSchema.ContextMask);
        Assert.Equal(diagnostics, EnvelopeSchema.DiagnosticsMask);
        Assert.Equal(0UL, context & diagnostics);
        Assert.NotEqual(0UL, context);
        Assert.NotEqual(0UL, diagnostics);
    }

    [Fact]
    public void Utf8Key_IsTheCommaTheQuotedKeyAndTheColon()
    {
        for (int i = 0; i < Table.Count; i++)
        {
            Assert.Equal(",\"" + Table[i].Key + "\":", Encoding.UTF8.GetString(Table[i].Utf8Key.Bytes));
        }
    }

    [Fact]
    public void EveryRow_IsWrittenUnderItsKeyInItsSection()
    {
        // The first name of every row, with a value that fits: each must leave data for its key. (Context keys
        // are written one by one, between the event's own trace ids: this catches a row the writer misses.)
        var rows = Enumerable.Range(0, Table.Count).Select(i => Table[i]).Where(f => f.Section != EnvelopeSection.Level).ToArray();
        var properties = rows.Select(f => (f.Names[0], (object?)(f.Value switch
        {
            EnvelopeValue.Integer or EnvelopeValue.IntegerOrString => 7,
            EnvelopeValue.StringArray => new SequenceValue(new[] { new ScalarValue("t") }),
            _ => "v",
        }))).ToArray();
        var log = Formatted.Envelope(Some.Event(template: "all", properties: properties));

        foreach (var field in rows)
        {
            var section = field.Section switch
            {
                EnvelopeSection.Context => log.GetProperty("context"),
                EnvelopeSection.Diagnostics => log.GetProperty("diagnostics"),
                _ => log,
            };
            Assert.True(section.TryGetProperty(field.Key, out _), field.ToString());
            Assert.False(log.GetProperty("data").TryGetProperty(field.Names[0], out _), field.ToString());
        }
    }

    [Fact]
    public void Lookup_StaysSmall()
        => Assert.InRange(Table.LookupSize, 16, 1024);

    [Fact]
    public void Builder_PastCapacity_RefusesTheRow()
    {
        var rows = new EnvelopeFieldTable.Builder();
        for (int i = 0; i < EnvelopeFieldTable.Capacity; i++)
        {
            rows.Add(EnvelopeSection.Diagnostics, "f" + i, EnvelopeValue.String, "F" + i);
        }

        var refused = Assert.Throws<InvalidOperationException>(() => rows.Add(EnvelopeSection.Diagnostics, "one_more", EnvelopeValue.String, "OneMore"));
        Assert.Contains("one_more", refused.Message, StringComparison.Ordinal);

        // The full table itself works: every name is found.
        var full = rows.Build();
        Assert.Equal(EnvelopeFieldTable.Capacity, full.Count);
        Assert.Equal(1UL << 63, full[63].Bit);
        Assert.Equal(ulong.MaxValue, full.MaskOf(EnvelopeSection.Diagnostics));
        Assert.All(Enumerable.Range(0, full.Count), i => Assert.Same(full[i], full.Find("F" + i)));
    }

    [Fact]
    public void Builder_NameOnTwoRows_IsRefused()
    {
        var rows = new EnvelopeFieldTable.Builder();
        rows.Add(EnvelopeSection.Context, "a_id", EnvelopeValue.String, "AId", "a_id");
        rows.Add(EnvelopeSection.Context, "b_id", EnvelopeValue.String, "a_id");

        Assert.Throws<InvalidOperationException>(() => rows.Build());
    }

    [Theory]
    [InlineData("Service")]
    [InlineData("with space")]
    [InlineData("quote\"")]
    [InlineData("")]
    public void Builder_KeyThatIsNotSnakeCase_IsRefused(string key)
        => Assert.Throws<ArgumentException>(() => new EnvelopeFieldTable.Builder().Add(EnvelopeSection.Context, key, EnvelopeValue.String, "Name"));

    [Fact]
    public void TwoNamesOfOneField_ThePreferredOneMoves_WhicheverComesFirst()
    {
        var pascalFirst = Formatted.Envelope(Some.Event(template: "x", properties: new (string, object?)[] { ("TenantId", "pascal"), ("tenant_id", "snake") }));
        Assert.Equal("pascal", pascalFirst.GetProperty("context").GetProperty("tenant_id").GetString());
        Assert.Equal("snake", pascalFirst.GetProperty("data").GetProperty("tenant_id").GetString());
        Assert.False(pascalFirst.GetProperty("data").TryGetProperty("TenantId", out _));

        // A preferred name whose value does not fit stays in data; its twin moves.
        var unfit = Formatted.Envelope(Some.Event(template: "x", properties: new (string, object?)[] { ("TenantId", null), ("tenant_id", "snake") }));
        Assert.Equal("snake", unfit.GetProperty("context").GetProperty("tenant_id").GetString());
        Assert.True(unfit.GetProperty("data").TryGetProperty("TenantId", out _));
        Assert.False(unfit.GetProperty("data").TryGetProperty("tenant_id", out _));
    }
}
