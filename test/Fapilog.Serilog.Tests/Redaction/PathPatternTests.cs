namespace Fapilog.Serilog.Tests.Redaction;

public class PathPatternTests
{
    [Theory]
    [InlineData("user.password", "user.password", true)]
    [InlineData("user.password", "USER.Password", true)]
    [InlineData("user.password", "user.profile.password", false)]
    [InlineData("user.*.password", "user.profile.password", true)]
    [InlineData("user.*.password", "user.password", false)]
    [InlineData("*.token", "request.token", true)]
    [InlineData("*.token", "token", false)]
    [InlineData("*.token", "a.b.token", false)]
    [InlineData("request.**.secret", "request.secret", true)]
    [InlineData("request.**.secret", "request.a.b.c.secret", true)]
    [InlineData("request.**.secret", "response.a.secret", false)]
    [InlineData("**.pin", "a.b.pin", true)]
    public void Matches_AsDocumented(string pattern, string path, bool expected)
    {
        var segments = path.Split('.');

        Assert.Equal(expected, new PathPattern(pattern).Matches(segments, segments.Length));
    }

    [Theory]
    [InlineData("user.password", true)]
    [InlineData("user..password", false)]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData(".token", false)]
    public void IsValid_RefusesEmptySegments(string path, bool valid) => Assert.Equal(valid, PathPattern.IsValid(path));
}
