namespace AgentHub.Protocol.Phoenix.Tests;

/// <summary>Frames copied verbatim from docs/realtime-protocol.md (section in the comment).</summary>
internal static class SpecFrames
{
    // 2.2 client -> server (AccessToken is also the section 7.1 example)
    public const string Join = """["6","6","realtime:room1","phx_join",{"config":{"broadcast":{"ack":false,"self":false},"presence":{"key":"","enabled":false},"postgres_changes":[],"private":false}}]""";
    public const string Heartbeat = """[null,"7","phoenix","heartbeat",{}]""";
    public const string PresenceTrack = """["6","8","realtime:room1","presence",{"type":"presence","event":"track","payload":{"online":true}}]""";
    public const string AccessToken = """["6","9","realtime:room1","access_token",{"access_token":"eyJ..."}]""";
    public const string Leave = """["6","10","realtime:room1","phx_leave",{}]""";

    // 2.2 server -> client
    public const string JoinReply = """["6","6","realtime:room1","phx_reply",{"status":"ok","response":{"postgres_changes":[]}}]""";
    public const string HeartbeatReply = """[null,"7","phoenix","phx_reply",{"status":"ok","response":{}}]""";
    public const string PresenceStateEmpty = """["6",null,"realtime:room1","presence_state",{}]""";
    public const string PresenceDiffEmpty = """[null,null,"realtime:room1","presence_diff",{"joins":{},"leaves":{}}]""";
    public const string BroadcastText = """[null,null,"realtime:room1","broadcast",{"type":"broadcast","event":"cursor","payload":{"x":3}}]""";

    // 3.3 join replies
    public const string JoinReplyWithIds = """["6","6","realtime:room1","phx_reply",{"status":"ok","response":{"postgres_changes":[{"id":31245811,"event":"INSERT","schema":"public","table":"todos","filter":"id=eq.1"}]}}]""";
    public const string JoinReplyError = """["6","6","realtime:room1","phx_reply",{"status":"error","response":{"reason":"Unauthorized: You do not have permissions to read from this Channel topic: room1"}}]""";

    // 3.5 / 3.6 / 3.8
    public const string LeaveRoom2 = """["10","11","realtime:room2","phx_leave",{}]""";
    public const string System = """["6",null,"realtime:room1","system",{"extension":"postgres_changes","status":"ok","message":"Subscribed to PostgreSQL","channel":"room1"}]""";

    // 5.1
    public const string PresenceTrackAnn = """["6","8","realtime:room1","presence",{"type":"presence","event":"track","payload":{"name":"Ann","online_at":"…"}}]""";
    public const string PresenceUntrack = """["6","9","realtime:room1","presence",{"type":"presence","event":"untrack"}]""";

    // 5.2 (pretty-printed as in the spec; the payload must survive byte for byte, whitespace included)
    public const string PresenceStatePretty = """
        ["6",null,"realtime:room1","presence_state",{
          "user-7": {"metas": [ {"phx_ref": "GHlA1fShRjMmZhnL", "name": "Ann"} ]},
          "user-9": {"metas": [ {"phx_ref": "GHk99Q_ez6-GzaeG", "name": "Bo"}, {"phx_ref": "GHk-wA8Z61GGzeoG", "name": "Bo"} ]}
        }]
        """;

    public const string PresenceDiffPretty = """
        [null,null,"realtime:room1","presence_diff",{
          "joins":  {"user-7": {"metas": [ {"phx_ref": "GHlE8VLvxuKGzQJN", "phx_ref_prev": "GHlA1fShRjMmZhnL", "name": "Ann", "status": "away"} ]}},
          "leaves": {"user-7": {"metas": [ {"phx_ref": "GHlA1fShRjMmZhnL", "name": "Ann"} ]}}
        }]
        """;

    // 6.2
    public const string PostgresChangesPretty = """
        [null,null,"realtime:room:42","postgres_changes",{
          "ids": [31245811],
          "data": {
            "schema": "public",
            "table": "messages",
            "commit_timestamp": "2025-05-01T12:00:00.123Z",
            "type": "UPDATE",
            "columns": [ {"name":"id","type":"int8"}, {"name":"room_id","type":"int8"}, {"name":"body","type":"text"},
                         {"name":"tags","type":"_text"}, {"name":"meta","type":"jsonb"}, {"name":"created_at","type":"timestamptz"} ],
            "record":     {"id":501,"room_id":42,"body":"edited","tags":["a"],"meta":{"k":1},"created_at":"2025-05-01T11:59:00.5+00:00"},
            "old_record": {"id":501},
            "errors": null
          }
        }]
        """;

    // 8 (typical session)
    public const string SessionJoin = """["1","1","realtime:room:42","phx_join",{"config":{"broadcast":{"ack":false,"self":true},"presence":{"key":"user-7","enabled":true},"postgres_changes":[{"event":"INSERT","schema":"public","table":"messages","filter":"room_id=eq.42"}],"private":false},"access_token":"<user jwt>","version":"realtime-js/2.109.0"}]""";
    public const string SessionJoinReply = """["1","1","realtime:room:42","phx_reply",{"status":"ok","response":{"postgres_changes":[{"id":31245811,"event":"INSERT","schema":"public","table":"messages","filter":"room_id=eq.42"}]}}]""";
    public const string SessionPresenceState = """["1",null,"realtime:room:42","presence_state",{}]""";
    public const string SessionSystem = """["1",null,"realtime:room:42","system",{"extension":"postgres_changes","status":"ok","message":"Subscribed to PostgreSQL","channel":"room:42"}]""";
    public const string SessionAccessToken = """["1","2","realtime:room:42","access_token",{"access_token":"<jwt>"}]""";
    public const string SessionTrack = """["1","3","realtime:room:42","presence",{"type":"presence","event":"track","payload":{"name":"Ann"}}]""";
    public const string SessionTrackReply = """["1","3","realtime:room:42","phx_reply",{"status":"ok","response":{}}]""";
    public const string SessionPresenceDiff = """[null,null,"realtime:room:42","presence_diff",{"joins":{"user-7":{"metas":[{"phx_ref":"GHlE8VLvxuKGzQJN","name":"Ann"}]}},"leaves":{}}]""";
    public const string SessionPostgresChanges = """[null,null,"realtime:room:42","postgres_changes",{"ids":[31245811],"data":{"schema":"public","table":"messages","commit_timestamp":"2025-05-01T12:00:00.123Z","type":"INSERT","columns":[{"name":"id","type":"int8"},{"name":"room_id","type":"int8"},{"name":"body","type":"text"}],"record":{"id":501,"room_id":42,"body":"hi"},"errors":null}}]""";
    public const string SessionHeartbeat = """[null,"5","phoenix","heartbeat",{}]""";
    public const string SessionHeartbeatReply = """[null,"5","phoenix","phx_reply",{"status":"ok","response":{}}]""";
    public const string SessionLeave = """["1","6","realtime:room:42","phx_leave",{}]""";
    public const string SessionLeaveReply = """["1","6","realtime:room:42","phx_reply",{"status":"ok","response":{}}]""";
    public const string SessionClose = """["1","1","realtime:room:42","phx_close",{}]""";

    /// <summary>Every vsn 2.0.0 text frame above, for fuzzing and sequence tests.</summary>
    public static readonly string[] AllV2 =
    [
        Join, Heartbeat, PresenceTrack, AccessToken, Leave, JoinReply, HeartbeatReply, PresenceStateEmpty,
        PresenceDiffEmpty, BroadcastText, JoinReplyWithIds, JoinReplyError, LeaveRoom2, System, PresenceTrackAnn,
        PresenceUntrack, PresenceStatePretty, PresenceDiffPretty, PostgresChangesPretty,
        SessionJoin, SessionJoinReply, SessionPresenceState, SessionSystem, SessionAccessToken, SessionTrack,
        SessionTrackReply, SessionPresenceDiff, SessionPostgresChanges, SessionHeartbeat, SessionHeartbeatReply,
        SessionLeave, SessionLeaveReply, SessionClose,
    ];

    /// <summary>Section 2.3 kind-3 example: join_ref "1", ref "3", topic realtime:room:42, event typing, {"on":true}.</summary>
    public static byte[] UserBroadcastPushExample() =>
        TestBytes.Concat((byte)0x03, (byte)0x01, (byte)0x01, (byte)0x10, (byte)0x06, (byte)0x00, (byte)0x01, "1", "3", "realtime:room:42", "typing", """{"on":true}""");

    /// <summary>Section 8 row 9: the same push with ref "4".</summary>
    public static byte[] SessionUserBroadcastPush() =>
        TestBytes.Concat((byte)0x03, (byte)0x01, (byte)0x01, (byte)0x10, (byte)0x06, (byte)0x00, (byte)0x01, "1", "4", "realtime:room:42", "typing", """{"on":true}""");

    /// <summary>Section 2.3 kind-4 example (and section 8 row 10).</summary>
    public static byte[] UserBroadcastExample() =>
        TestBytes.Concat((byte)0x04, (byte)0x10, (byte)0x06, (byte)0x00, (byte)0x01, "realtime:room:42", "typing", """{"on":true}""");

    /// <summary>Section 2.3 kind-4 example with metadata {"id":"7f0c"} (13 = 0x0d bytes).</summary>
    public static byte[] UserBroadcastWithMetadataExample() =>
        TestBytes.Concat((byte)0x04, (byte)0x10, (byte)0x06, (byte)0x0d, (byte)0x01, "realtime:room:42", "typing", """{"id":"7f0c"}""", """{"on":true}""");
}
