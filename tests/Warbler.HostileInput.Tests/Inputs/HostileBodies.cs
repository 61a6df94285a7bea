using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Warbler.HostileInput.Tests.Routes;

namespace Warbler.HostileInput.Tests.Inputs;

/// <summary>
/// Hostile bodies made from a route's valid body: each case is a kind of damage and two numbers
/// that pick where and what, so CsCheck shrinks a failure towards the first field and the first value.
/// </summary>
public static class HostileBodies
{
    private const string Marker = "\"@@hostile@@\"";

    private enum Damage
    {
        Truncated, WrongType, HostileNumber, NotJson, DeepNesting, HugeString, InvalidUtf8, NulCharacter, UnknownField, DuplicateKey,
        Empty, WrongContentType, TopLevelValue, RandomBytes, LongArray, EncodingTricks,
    }


    private static readonly int[] Depths = [65, 1_000, 10_000];

    public static Gen<HostileRequest> For(IReadOnlyList<HostileRoute> routes) =>
        Gen.Select(Gen.Int[0, routes.Count - 1], Gen.Int[0, Enum.GetValues<Damage>().Length - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue],
            (route, damage, where, what) => Build(routes[route], (Damage)damage, where, what));

    private static HostileRequest Build(HostileRoute route, Damage damage, int where, int what)
    {
        var valid = string.IsNullOrEmpty(route.ValidBody) ? "{}" : route.ValidBody;
        var bytes = Encoding.UTF8.GetBytes(valid);
        var root = JsonNode.Parse(valid)!;
        var fields = Fields(root);
        var field = fields.Count == 0 ? null : fields[where % fields.Count];
        var fieldName = field is null ? "the body" : field.GetPath();

        return damage switch
        {
            Damage.Truncated => HostileRequest.WithBody(route, $"cut at byte {where % bytes.Length}", bytes[..(where % bytes.Length)]),
            Damage.WrongType => Replace(route, root, field, Pick(HostileValues.WrongTypes, what), fieldName),
            Damage.HostileNumber => Replace(route, root, field, Pick(HostileValues.Numbers, what), fieldName),
            Damage.NotJson => Replace(route, root, field, Pick(HostileValues.NotJson, what), fieldName),
            Damage.DeepNesting => DeepNesting(route, root, field, Depths[what % Depths.Length], what / Depths.Length % 2 == 0, fieldName),
            Damage.HugeString => HugeString(route, root, field, HugeSize(what), fieldName),
            Damage.InvalidUtf8 => InvalidBytes(route, root, field, HostileValues.BadBytes[what % HostileValues.BadBytes.Length], fieldName, where),
            Damage.NulCharacter => what % 2 == 0
                ? Replace(route, root, field, "\"nul\\u0000inside\"", fieldName)
                : InvalidBytes(route, root, field, [0x00], fieldName, where),
            Damage.UnknownField => WithExtraField(route, root, $"unexpected_{what % 100}", Pick(HostileValues.WrongTypes, where)),
            Damage.DuplicateKey => DuplicateKey(route, valid, root, Pick(HostileValues.WrongTypes, what)),
            Damage.Empty => HostileRequest.WithBody(route, "empty body", [], what % 2 == 0 ? "application/json" : null),
            Damage.WrongContentType => HostileRequest.WithBody(route, "valid body, other content type", bytes, PickContentType(HostileValues.ContentTypes, what)),
            Damage.TopLevelValue => HostileRequest.WithBody(route, "another value instead of the object", Encoding.UTF8.GetBytes(Pick([.. HostileValues.WrongTypes, .. HostileValues.Numbers, .. HostileValues.NotJson], what))),
            Damage.RandomBytes => HostileRequest.WithBody(route, "random bytes", RandomBytes(where, what % 2048)),
            Damage.LongArray => Replace(route, root, field, "[" + string.Join(",", Enumerable.Repeat(Pick(HostileValues.WrongTypes, what), 20_000)) + "]", fieldName),
            Damage.EncodingTricks => EncodingTricks(route, valid, what),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
    }

    /// <summary>Every value in the body, nested ones too, so each field gets its turn.</summary>
    private static List<JsonNode> Fields(JsonNode root)
    {
        var fields = new List<JsonNode>();
        Visit(root);
        return fields;

        void Visit(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj)
                    {
                        if (child is not null)
                        {
                            fields.Add(child);
                            Visit(child);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        if (child is not null)
                        {
                            fields.Add(child);
                            Visit(child);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Mostly 64 KB; often within the gateway's limit (900 KB) or past it but within /api's (2 MB);
    /// rarely past /api's 30 MB too, which is slow to send.
    /// </summary>
    private static int HugeSize(int what) => (what % 8) switch
    {
        < 4 => 64 * 1024,
        < 6 => 900 * 1024,
        6 => 2 * 1024 * 1024,
        _ => what % 64 == 7 ? 31 * 1024 * 1024 : 2 * 1024 * 1024,
    };

    private static string Pick(string[] values, int index) => values[index % values.Length];

    private static string? PickContentType(string?[] values, int index) => values[index % values.Length];

    /// <summary>The body with <paramref name="field"/> (or the whole body when there is none) replaced by raw bytes.</summary>
    private static byte[] Spliced(JsonNode root, JsonNode? field, byte[] raw)
    {
        if (field is null)
        {
            return raw;
        }

        var copy = root.DeepClone();
        var target = Fields(copy)[Fields(root).IndexOf(field)];
        target.ReplaceWith(JsonValue.Create("@@hostile@@"));
        var text = Encoding.UTF8.GetBytes(copy.ToJsonString());
        var marker = Encoding.UTF8.GetBytes(Marker);
        var at = text.AsSpan().IndexOf(marker);
        return [.. text.AsSpan(0, at), .. raw, .. text.AsSpan(at + marker.Length)];
    }

    private static HostileRequest Replace(HostileRoute route, JsonNode root, JsonNode? field, string raw, string fieldName) =>
        HostileRequest.WithBody(route, $"{fieldName} = {Server.Answer.Shorten(raw, 80)}", Spliced(root, field, Encoding.UTF8.GetBytes(raw)));

    private static HostileRequest DeepNesting(HostileRoute route, JsonNode root, JsonNode? field, int depth, bool arrays, string fieldName)
    {
        var (open, close) = arrays ? ("[", "]") : ("{\"a\":", "}");
        var raw = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        return HostileRequest.WithBody(route, $"{fieldName} nested {depth:N0} deep in {(arrays ? "arrays" : "objects")}", Spliced(root, field, Encoding.UTF8.GetBytes(raw)));
    }

    private static HostileRequest HugeString(HostileRoute route, JsonNode root, JsonNode? field, int size, string fieldName)
    {
        var raw = new byte[size + 2];
        raw.AsSpan().Fill((byte)'a');
        raw[0] = raw[^1] = (byte)'"';
        return HostileRequest.WithBody(route, $"{fieldName} = a string of {size:N0} characters", Spliced(root, field, raw));
    }

    private static HostileRequest InvalidBytes(HostileRoute route, JsonNode root, JsonNode? field, byte[] bad, string fieldName, int where)
    {
        if (where % 3 == 0)
        {
            // Anywhere in the body, even between tokens.
            var body = Spliced(root, null, Encoding.UTF8.GetBytes(root.ToJsonString()));
            var at = where / 3 % (body.Length + 1);
            return HostileRequest.WithBody(route, $"bytes {Convert.ToHexString(bad)} at byte {at}", [.. body.AsSpan(0, at), .. bad, .. body.AsSpan(at)]);
        }

        return HostileRequest.WithBody(route, $"{fieldName} = a string holding bytes {Convert.ToHexString(bad)}", Spliced(root, field, [(byte)'"', (byte)'a', .. bad, (byte)'b', (byte)'"']));
    }

    private static HostileRequest WithExtraField(HostileRoute route, JsonNode root, string name, string raw)
    {
        if (root is not JsonObject)
        {
            return Replace(route, root, null, raw, "the body");
        }

        var copy = root.DeepClone().AsObject();
        copy[name] = JsonValue.Create("@@hostile@@");
        var text = copy.ToJsonString().Replace(Marker, raw, StringComparison.Ordinal);
        return HostileRequest.WithBody(route, $"unknown field {name} = {Server.Answer.Shorten(raw, 80)}", Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The first key again, after the original, with another value (which one wins is the parser's business, but it must not fail).</summary>
    private static HostileRequest DuplicateKey(HostileRoute route, string valid, JsonNode root, string raw)
    {
        if (root is not JsonObject { Count: > 0 } obj)
        {
            return HostileRequest.WithBody(route, "duplicate keys", Encoding.UTF8.GetBytes($"{{\"a\":1,\"a\":{raw}}}"));
        }

        var key = obj.First().Key;
        var text = valid[..^1] + $",\"{key}\":{raw}}}";
        return HostileRequest.WithBody(route, $"{key} twice, the second = {Server.Answer.Shorten(raw, 80)}", Encoding.UTF8.GetBytes(text));
    }

    private static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A valid body with a byte-order mark, in UTF-16, or with a trailing second document.</summary>
    private static HostileRequest EncodingTricks(HostileRoute route, string valid, int what) => (what % 5) switch
    {
        0 => HostileRequest.WithBody(route, "UTF-8 byte-order mark", [0xef, 0xbb, 0xbf, .. Encoding.UTF8.GetBytes(valid)]),
        1 => HostileRequest.WithBody(route, "UTF-16 body", Encoding.Unicode.GetBytes(valid), "application/json; charset=utf-16"),
        2 => HostileRequest.WithBody(route, "UTF-16 body said to be UTF-8", Encoding.Unicode.GetBytes(valid)),
        3 => HostileRequest.WithBody(route, "two documents", Encoding.UTF8.GetBytes(valid + valid)),
        _ => HostileRequest.WithBody(route, "trailing garbage", Encoding.UTF8.GetBytes(valid + " garbage")),
    };
}
