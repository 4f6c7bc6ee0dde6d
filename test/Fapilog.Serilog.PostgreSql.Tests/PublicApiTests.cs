
namespace Fapilog.Serilog.PostgreSql.Tests;

/// <summary>Keeps changes to the exported surface visible in review: compare with the checked-in file.</summary>
public class PublicApiTests
{
    [Fact]
    public void ThePublicApi_MatchesTheApprovedFile() => PublicApi.AssertMatchesApproved(typeof(FapilogPostgreSqlOptions).Assembly);
}
