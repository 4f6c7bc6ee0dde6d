using System.Linq;
using Fapilog.Serilog.Enrichers.Tests.Support;

namespace Fapilog.Serilog.Enrichers.Tests.Kubernetes;

public class KubernetesInfoTests
{
    [Fact]
    public void OutsideKubernetes_NothingIsAdded()
    {
        var env = FakeEnvironment.Of(("POD_NAMESPACE", "shop"), ("NODE_NAME", "node-1"));

        Assert.Empty(KubernetesInfo.Resolve(new KubernetesOptions(), env));
        Assert.Null(FapilogEnrichers.Kubernetes(new KubernetesOptions(), env));
    }

    [Fact]
    public void InAPod_EverySetVariableIsAdded_WithTheWorkloadName()
    {
        var env = FakeEnvironment.Of(
            ("POD_NAME", "web-7d4b9c8f5-x2k9p"), ("POD_NAMESPACE", "shop"), ("NODE_NAME", "node-1"),
            ("CONTAINER_NAME", "api"), ("CLUSTER_NAME", "prod-eu"));

        var e = Some.EnrichedBy(FapilogEnrichers.Kubernetes(new KubernetesOptions(), env)!);

        Assert.Equal("web-7d4b9c8f5-x2k9p", Some.Scalar(e, FapilogProperties.KubernetesPod));
        Assert.Equal("shop", Some.Scalar(e, FapilogProperties.KubernetesNamespace));
        Assert.Equal("node-1", Some.Scalar(e, FapilogProperties.KubernetesNode));
        Assert.Equal("api", Some.Scalar(e, FapilogProperties.KubernetesContainer));
        Assert.Equal("prod-eu", Some.Scalar(e, FapilogProperties.KubernetesCluster));
        Assert.Equal("web", Some.Scalar(e, FapilogProperties.KubernetesDeployment));
    }

    [Fact]
    public void UnsetVariablesAndAnUnrecognisedPodName_AreLeftOut()
    {
        var properties = KubernetesInfo.Resolve(new KubernetesOptions(), FakeEnvironment.Of(("POD_NAME", "standalone")));

        Assert.Equal(new[] { FapilogProperties.KubernetesPod }, properties.Select(p => p.Name));
    }

    [Fact]
    public void VariableNames_AreConfigurable_AndTheWorkloadNameCanBeTurnedOff()
    {
        var options = new KubernetesOptions { PodNameVariable = "MY_POD", NamespaceVariable = "MY_NS", DeriveWorkloadName = false };
        var env = FakeEnvironment.Of(("MY_POD", "db-0"), ("MY_NS", "data"), ("POD_NAMESPACE", "ignored"));

        var properties = KubernetesInfo.Resolve(options, env).ToDictionary(p => p.Name, p => p.Value.ToString());

        Assert.Equal(2, properties.Count);
        Assert.Equal("\"db-0\"", properties[FapilogProperties.KubernetesPod]);
        Assert.Equal("\"data\"", properties[FapilogProperties.KubernetesNamespace]);
    }
}
