namespace AgentHub.Realtime.Tests.Support;

/// <summary>Every realtime protocol test runs under both serializer versions realtime-js speaks.</summary>
public static class Vsn
{
    public const string V1 = "1.0.0";
    public const string V2 = "2.0.0";

    public static TheoryData<string> All => new() { V1, V2 };

    /// <summary>Every (sender, receiver) pair of versions, for fan-out between clients of different versions.</summary>
    public static TheoryData<string, string> Pairs => new() { { V1, V1 }, { V1, V2 }, { V2, V1 }, { V2, V2 } };
}
