namespace Fapilog.Serilog.Enrichers.Tests.Kubernetes;

public class KubernetesWorkloadTests
{
    [Theory]
    [InlineData("web-7d4b9c8f5-x2k9p", "web")]
    [InlineData("checkout-api-5c8d7f9b6d-qwxzr", "checkout-api")]
    [InlineData("shop-bcdfg-hjklm", "shop")]
    [InlineData("shop-bcdfghjklm-hjklm", "shop")]
    public void DeploymentPods_GiveTheDeploymentName(string pod, string expected)
        => Assert.Equal(expected, KubernetesWorkload.FromPodName(pod));

    [Theory]
    [InlineData("db-0", "db")]
    [InlineData("kafka-broker-12", "kafka-broker")]
    public void StatefulSetPods_GiveTheStatefulSetName(string pod, string expected)
        => Assert.Equal(expected, KubernetesWorkload.FromPodName(pod));

    [Theory]
    [InlineData("fluentd-x2k9p", "fluentd")]
    [InlineData("node-exporter-4v8mz", "node-exporter")]
    public void DaemonSetPods_GiveTheDaemonSetName(string pod, string expected)
        => Assert.Equal(expected, KubernetesWorkload.FromPodName(pod));

    [Fact]
    public void AHashWithVowels_IsNotAReplicaSetHash_SoTheNameReadsAsADaemonSet()
        => Assert.Equal("web-aeiou", KubernetesWorkload.FromPodName("web-aeiou-x2k9p"));

    [Fact]
    public void ASixCharacterSuffix_IsNotAPodSuffix()
        => Assert.Null(KubernetesWorkload.FromPodName("web-7d4b9c8f5-x2k9pq"));

    [Fact]
    public void AnAllDigitSuffix_ReadsAsAStatefulSetOrdinal()
        => Assert.Equal("web", KubernetesWorkload.FromPodName("web-22222"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("standalone")]
    [InlineData("-x2k9p")]
    [InlineData("web-")]
    [InlineData("web-01")]
    [InlineData("web-abcde")]
    [InlineData("web-X2K9P")]
    [InlineData("web-x2k9")]
    public void NamesThatFitNoShape_GiveNothing(string? pod)
        => Assert.Null(KubernetesWorkload.FromPodName(pod));
}
