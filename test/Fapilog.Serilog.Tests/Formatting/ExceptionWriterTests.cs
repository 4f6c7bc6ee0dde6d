using System;
using System.Linq;
using System.Text.Json;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

public class ExceptionWriterTests
{
    private static JsonElement ExceptionOf(Exception exception)
        => Formatted.Envelope(Some.Event(LogEventLevel.Error, "x", exception)).GetProperty("diagnostics").GetProperty("exception");

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [Fact]
    public void Format_ThrownException_WritesTypeMessageStackAndFrames()
    {
        var exception = Thrown(new InvalidOperationException("boom"));
        var error = ExceptionOf(exception);
        Assert.Equal("System.InvalidOperationException", error.GetProperty("error.type").GetString());
        Assert.Equal("boom", error.GetProperty("error.message").GetString());
        Assert.Equal(exception.ToString(), error.GetProperty("error.stack").GetString());
        var frame = error.GetProperty("error.frames").EnumerateArray().Single();
        Assert.EndsWith(nameof(ExceptionWriterTests) + "." + nameof(Thrown), frame.GetProperty("function").GetString());
        Assert.EndsWith("ExceptionWriterTests.cs", frame.GetProperty("file").GetString());
        Assert.True(frame.GetProperty("line").GetInt32() > 0);
        Assert.False(error.TryGetProperty("error.cause", out _));
    }

    [Fact]
    public void Format_LongStack_IsCutWithAMarker()
    {
        var stack = ExceptionOf(new LongStack()).GetProperty("error.stack").GetString()!;
        Assert.Equal(ExceptionWriter.MaxStackLength + ExceptionWriter.TruncationMarker.Length, stack.Length);
        Assert.EndsWith(ExceptionWriter.TruncationMarker, stack);
    }

    [Fact]
    public void Format_InnerChain_WritesInnermostCauseAndNestsToTheDepthLimit()
    {
        Exception exception = new ArgumentException("innermost");
        for (int i = 0; i < 8; i++)
        {
            exception = new InvalidOperationException("level " + i, exception);
        }

        var error = ExceptionOf(exception);
        Assert.Equal("System.ArgumentException", error.GetProperty("error.cause").GetString());
        int depth = 1;
        while (error.TryGetProperty("error.inner", out var inner))
        {
            error = inner.EnumerateArray().Single();
            depth++;
        }

        Assert.Equal(ExceptionWriter.MaxDepth, depth);
    }

    [Fact]
    public void Format_AggregateException_KeepsEachInner()
    {
        var error = ExceptionOf(new AggregateException(new ArgumentException("a"), new TimeoutException("b")));
        Assert.Equal(new[] { "a", "b" }, error.GetProperty("error.inner").EnumerateArray().Select(e => e.GetProperty("error.message").GetString()));
    }

    [Fact]
    public void Format_WhenExceptionMembersThrow_WritesMarkers()
    {
        var error = ExceptionOf(new Hostile());
        Assert.Equal("<rendering failed: NotSupportedException>", error.GetProperty("error.message").GetString());
        Assert.Equal("<rendering failed: NotSupportedException>", error.GetProperty("error.stack").GetString());
    }

    private sealed class LongStack : Exception
    {
        public override string ToString() => new string('s', 50_000);
    }

    private sealed class Hostile : Exception
    {
        public override string Message => throw new NotSupportedException();

        public override string ToString() => throw new NotSupportedException();
    }
}
