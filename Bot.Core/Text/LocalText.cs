using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LicenseBot.Core.Text;

/// <summary>
/// Words not yet written: a text key and its arguments, turned into a sentence only by an <see cref="ITextLocalizer"/>
/// for a given <see cref="BotLanguage"/> (<see cref="In"/>). Domain and job code return and store this instead of a
/// sentence, so whoever reads an outcome later (a results file, an audit card) reads it in their own language, not in
/// the language of whoever caused it.
/// <list type="bullet">
/// <item><see cref="Of"/>: a key and its arguments — strings, whole numbers, decimals, dates or other <see cref="LocalText"/>s
/// (a licence name stays as it is; an argument that is itself a text is written in the reader's language too).</item>
/// <item><see cref="Verbatim"/>: words that are not ours to translate — a sentence stored before outcomes were typed,
/// Webex's own message.</item>
/// <item><see cref="Join"/>: several texts one after the other.</item>
/// </list>
/// Serialises to and from JSON (<see cref="ToJson"/>, <see cref="FromJson"/>) for storage.
/// </summary>
[JsonConverter(typeof(LocalTextJsonConverter))]
public sealed class LocalText : IEquatable<LocalText>
{
    private static readonly IReadOnlyList<object?> NoArgs = [];

    private LocalText(string? key, IReadOnlyList<object?> args, string? verbatim, IReadOnlyList<LocalText>? parts, string? separator)
    {
        Key = key;
        Args = args;
        VerbatimText = verbatim;
        Parts = parts;
        Separator = separator;
    }

    /// <summary>The text key (<c>jobs.row.cancelled</c>); null for verbatim words and joins.</summary>
    public string? Key { get; }

    /// <summary>The key's <c>{0}</c>-style arguments.</summary>
    public IReadOnlyList<object?> Args { get; }

    /// <summary>Words kept as they are (<see cref="Verbatim"/>); null otherwise.</summary>
    public string? VerbatimText { get; }

    /// <summary>The texts of a <see cref="Join"/>; null otherwise.</summary>
    public IReadOnlyList<LocalText>? Parts { get; }

    /// <summary>What goes between the parts of a <see cref="Join"/>.</summary>
    public string? Separator { get; }

    /// <summary>The text of <paramref name="key"/> with <paramref name="args"/> (strings, numbers, dates, null or other <see cref="LocalText"/>s).</summary>
    public static LocalText Of(string key, params object?[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (var arg in args)
        {
            if (arg is not (null or string or int or long or decimal or double or DateTimeOffset or LocalText))
                throw new ArgumentException($"Argument of '{key}' cannot be stored: {arg.GetType().Name}. Pass a string, a number, a date or a LocalText.", nameof(args));
        }
        return new LocalText(key, args.Length == 0 ? NoArgs : args.ToArray(), null, null, null);
    }

    /// <summary>Words shown as they are, in every language (an old stored sentence, Webex's own message).</summary>
    public static LocalText Verbatim(string text) => new(null, NoArgs, text ?? throw new ArgumentNullException(nameof(text)), null, null);

    /// <summary><paramref name="parts"/>, each in the reader's language, with <paramref name="separator"/> between them.</summary>
    public static LocalText Join(string separator, IEnumerable<LocalText> parts) => new(null, NoArgs, null, parts.ToArray(), separator);

    /// <summary>The words in <paramref name="language"/>, by <paramref name="localizer"/> (the bot's resource files when none is given).</summary>
    public string In(BotLanguage language, ITextLocalizer? localizer = null)
    {
        localizer ??= BotText.Localizer;
        if (VerbatimText is not null) return VerbatimText;
        if (Parts is not null) return string.Join(Separator, Parts.Select(p => p.In(language, localizer)));
        if (Args.Count == 0) return localizer.Get(language, Key!);
        return localizer.Format(language, Key!, Args.Select(a => a is LocalText t ? t.In(language, localizer) : a).ToArray());
    }

    /// <summary>The stored form (JSON).</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>A text read back from <see cref="ToJson"/>.</summary>
    public static LocalText FromJson(string json) =>
        JsonSerializer.Deserialize<LocalText>(json) ?? throw new JsonException("A stored text was null.");

    /// <summary>The key and its arguments, for logs and test messages: never the words, which depend on the reader.</summary>
    public override string ToString() => ToJson();

    public bool Equals(LocalText? other) => other is not null && ToJson() == other.ToJson();

    public override bool Equals(object? obj) => obj is LocalText other && Equals(other);

    public override int GetHashCode() => ToJson().GetHashCode(StringComparison.Ordinal);
}

/// <summary>
/// <see cref="LocalText"/> as JSON: <c>{"key":"jobs.audit.detail","args":["J1",3]}</c>, <c>{"text":"…"}</c> or
/// <c>{"join":[…],"sep":" "}</c>; a date argument is <c>{"at":"2026-12-02T10:00:00+00:00"}</c>.
/// </summary>
public sealed class LocalTextJsonConverter : JsonConverter<LocalText>
{
    public override LocalText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return FromElement(doc.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, LocalText value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.VerbatimText is not null)
        {
            writer.WriteString("text", value.VerbatimText);
        }
        else if (value.Parts is not null)
        {
            writer.WritePropertyName("join");
            writer.WriteStartArray();
            foreach (var part in value.Parts) Write(writer, part, options);
            writer.WriteEndArray();
            writer.WriteString("sep", value.Separator);
        }
        else
        {
            writer.WriteString("key", value.Key);
            if (value.Args.Count > 0)
            {
                writer.WritePropertyName("args");
                writer.WriteStartArray();
                foreach (var arg in value.Args) WriteArg(writer, arg, options);
                writer.WriteEndArray();
            }
        }
        writer.WriteEndObject();
    }

    private void WriteArg(Utf8JsonWriter writer, object? arg, JsonSerializerOptions options)
    {
        switch (arg)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case double d: writer.WriteNumberValue(d); break;
            case DateTimeOffset at:
                writer.WriteStartObject();
                writer.WriteString("at", at.ToString("O", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
                break;
            case LocalText t: Write(writer, t, options); break;
            default: throw new JsonException($"A text argument of type {arg.GetType().Name} cannot be stored.");
        }
    }

    private static LocalText FromElement(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new JsonException("A stored text is a JSON object.");
        if (e.TryGetProperty("text", out var text)) return LocalText.Verbatim(text.GetString() ?? "");
        if (e.TryGetProperty("join", out var join))
            return LocalText.Join(e.TryGetProperty("sep", out var sep) ? sep.GetString() ?? "" : "", join.EnumerateArray().Select(FromElement).ToList());
        var key = e.GetProperty("key").GetString() ?? throw new JsonException("A stored text has no key.");
        var args = e.TryGetProperty("args", out var a) ? a.EnumerateArray().Select(Arg).ToArray() : [];
        return LocalText.Of(key, args);
    }

    private static object? Arg(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt32(out var i) => i,
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number when e.TryGetDecimal(out var m) => m,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.Object when e.TryGetProperty("at", out var at) => DateTimeOffset.Parse(at.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        JsonValueKind.Object => FromElement(e),
        _ => throw new JsonException($"A stored text argument cannot be a JSON {e.ValueKind}."),
    };
}
