using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Pipeline;

/// <summary>
/// <c>message_id</c>s as RFC 9562 version-7 UUIDs: the time in the first 48 bits, a counter after the version
/// that keeps one generator's ids strictly increasing within a millisecond, across a counter that runs out and
/// across a clock that goes back. Ids are compared in their text form, which orders them as their bytes do.
/// </summary>
public class MessageIdGeneratorTests
{
    private const long Millis = 0x0193_5A2B_C4D1; // a moment in 2024, in Unix milliseconds

    [Fact]
    public void Next_PutsTheMillisecondsInTheFirst48Bits_AndMarksVersion7AndTheRfcVariant()
    {
        var id = new MessageIdGenerator().Next(Millis);
        string hex = id.ToString("N");

        Assert.Equal("01935a2bc4d1", hex[..12]);
        Assert.Equal('7', hex[12]);              // version
        Assert.Contains(hex[16], "89ab");         // variant 10xx
        Assert.Equal(7, id.Version);
    }

    [Fact]
    public void Next_WithoutMilliseconds_ReadsTheGeneratorsClock()
    {
        var time = new ManualTimeProvider(Some.Timestamp);
        var generator = new MessageIdGenerator(time);

        Assert.Equal(Some.Timestamp.ToUnixTimeMilliseconds(), TimeOf(generator.Next()));
        time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(Some.Timestamp.ToUnixTimeMilliseconds() + 5, TimeOf(generator.Next()));
    }

    [Fact]
    public void Next_ManyTimesInOneMillisecond_CountsUpByOne_FromARandomStartThatLeavesRoom()
    {
        var generator = new MessageIdGenerator();
        var ids = Enumerable.Range(0, 3_000).Select(_ => generator.Next(Millis)).ToList();

        Assert.All(ids, id => Assert.Equal(Millis, TimeOf(id)));
        Assert.InRange(CounterOf(ids[0]), 0, 0x1FF);
        for (int i = 1; i < ids.Count; i++)
        {
            Assert.Equal(CounterOf(ids[i - 1]) + 1, CounterOf(ids[i]));
        }

        AssertStrictlyIncreasing(ids);
    }

    [Fact]
    public void Next_WhenTheCounterRunsOut_BorrowsTheNextMillisecond_WithTheCounterAtZero()
    {
        // The first millisecond holds between 0xE00 and 0x1000 ids (the counter starts at 0..0x1FF), each borrowed
        // one 0x1000: 10 000 ids always end two milliseconds on.
        var generator = new MessageIdGenerator();
        var ids = Enumerable.Range(0, 10_000).Select(_ => generator.Next(Millis)).ToList();

        AssertStrictlyIncreasing(ids);
        Assert.Equal(Millis + 2, TimeOf(ids[^1]));
        int borrowed = 0;
        for (int i = 1; i < ids.Count; i++)
        {
            if (TimeOf(ids[i]) != TimeOf(ids[i - 1]))
            {
                borrowed++;
                Assert.Equal(TimeOf(ids[i - 1]) + 1, TimeOf(ids[i]));
                Assert.Equal(0xFFF, CounterOf(ids[i - 1]));
                Assert.Equal(0, CounterOf(ids[i]));
            }
        }

        Assert.Equal(2, borrowed);
    }

    [Fact]
    public void Next_WhenTheClockGoesBack_KeepsTheLastTimeAndCountsOn()
    {
        var time = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Millis));
        var generator = new MessageIdGenerator(time);
        var first = generator.Next();

        time.Advance(TimeSpan.FromSeconds(-2));
        var second = generator.Next();

        Assert.Equal(Millis, TimeOf(second));
        Assert.Equal(CounterOf(first) + 1, CounterOf(second));
        AssertStrictlyIncreasing(new[] { first, second });

        time.Set(DateTimeOffset.FromUnixTimeMilliseconds(Millis + 1)); // once the clock passes it again, it is used
        var third = generator.Next();
        Assert.Equal(Millis + 1, TimeOf(third));
        AssertStrictlyIncreasing(new[] { first, second, third });
    }

    [Fact]
    public void Next_OverAnyMixOfRepeatedEarlierAndLaterMilliseconds_GivesStrictlyIncreasingIds_NeverBeforeTheTimeAskedFor()
    {
        var random = new Random(20261201);
        var generator = new MessageIdGenerator();
        var ids = new List<Guid>();
        long millis = Millis;
        for (int i = 0; i < 50_000; i++)
        {
            millis += random.Next(-3, 4); // back, the same, or on by a few milliseconds
            var id = generator.Next(millis);
            Assert.True(TimeOf(id) >= millis, $"id {id} is before {millis}");
            ids.Add(id);
        }

        AssertStrictlyIncreasing(ids);
    }

    [Fact]
    public void TwoGenerators_InTheSameMillisecond_GiveDifferentIds()
    {
        var a = new MessageIdGenerator();
        var b = new MessageIdGenerator();

        var ids = Enumerable.Range(0, 1_000).SelectMany(_ => new[] { a.Next(Millis), b.Next(Millis) }).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Shared_IsOneGeneratorPerThread()
    {
        var mine = MessageIdGenerator.Shared;
        MessageIdGenerator? theirs = null;
        var thread = new Thread(() => theirs = MessageIdGenerator.Shared);
        thread.Start();
        thread.Join();

        Assert.Same(mine, MessageIdGenerator.Shared);
        Assert.NotNull(theirs);
        Assert.NotSame(mine, theirs);
    }

    private static long TimeOf(Guid id) => Convert.ToInt64(id.ToString("N")[..12], 16);

    private static int CounterOf(Guid id) => Convert.ToInt32(id.ToString("N")[13..16], 16);

    private static void AssertStrictlyIncreasing(IReadOnlyList<Guid> ids)
    {
        for (int i = 1; i < ids.Count; i++)
        {
            Assert.True(
                string.CompareOrdinal(ids[i - 1].ToString("N"), ids[i].ToString("N")) < 0,
                $"id {i} ({ids[i]}) does not follow id {i - 1} ({ids[i - 1]})");
        }
    }
}
