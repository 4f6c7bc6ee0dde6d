using System.Threading.Tasks;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>One Aspire dashboard for a whole test class (<c>IClassFixture</c>): started before its first test, killed after its last.</summary>
public sealed class AspireDashboardFixture : IAsyncLifetime
{
    internal AspireDashboard Dashboard { get; private set; } = null!;

    public async Task InitializeAsync() => Dashboard = await AspireDashboard.StartAsync();

    public async Task DisposeAsync() => await Dashboard.DisposeAsync();
}
