using System;
using Fapilog.Serilog.Formatting;

namespace Fapilog.Serilog.Tests.Formatting;

public class FormatterFactoryTests
{
    [Theory]
    [InlineData(FapilogFormat.Envelope, typeof(FapilogEnvelopeFormatter))]
    [InlineData(FapilogFormat.Clef, typeof(ClefFormatter))]
    [InlineData(FapilogFormat.RenderedClef, typeof(RenderedClefFormatter))]
    public void Create_EachFormat_ReturnsItsFormatter(FapilogFormat format, Type expected)
        => Assert.IsType(expected, FormatterFactory.Create(format));

    [Fact]
    public void Create_UnknownFormat_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => FormatterFactory.Create((FapilogFormat)99));
}
