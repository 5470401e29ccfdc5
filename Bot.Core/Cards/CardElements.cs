using System.Text.Json.Serialization;

namespace LicenseBot.Core.Cards;

/// <summary>A body element. Only the types Webex renders are defined, so an unsupported one cannot be built.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(ImageSet), "ImageSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(InputText), "Input.Text")]
[JsonDerivedType(typeof(InputNumber), "Input.Number")]
[JsonDerivedType(typeof(InputDate), "Input.Date")]
[JsonDerivedType(typeof(InputTime), "Input.Time")]
[JsonDerivedType(typeof(InputToggle), "Input.Toggle")]
[JsonDerivedType(typeof(InputChoiceSet), "Input.ChoiceSet")]
public abstract record CardElement
{
    public string? Id { get; init; }
    public Spacing? Spacing { get; init; }
    public bool? Separator { get; init; }
    /// <summary>Written only when false (hidden).</summary>
    public bool? IsVisible { get; init; }
    public ElementHeight? Height { get; init; }
}

public sealed record TextBlock(string Text) : CardElement
{
    public TextSize? Size { get; init; }
    public TextWeight? Weight { get; init; }
    public TextColor? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public bool? Wrap { get; init; } = true;
    public int? MaxLines { get; init; }
    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

public sealed record RichTextBlock(IReadOnlyList<TextRun> Inlines) : CardElement
{
    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

/// <summary>An inline of a <see cref="RichTextBlock"/>; written with <c>"type": "TextRun"</c>.</summary>
public sealed record TextRun(string Text)
{
    [JsonPropertyName("type"), JsonPropertyOrder(-1)] public string Type => "TextRun";
    public TextSize? Size { get; init; }
    public TextWeight? Weight { get; init; }
    public TextColor? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public bool? Italic { get; init; }
    public bool? Strikethrough { get; init; }
    public bool? Highlight { get; init; }
}

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public ContainerStyle? Style { get; init; }
    public VerticalAlignment? VerticalContentAlignment { get; init; }
    public bool? Bleed { get; init; }
    public CardAction? SelectAction { get; init; }
}

public sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement
{
    public ContainerStyle? Style { get; init; }
    public bool? Bleed { get; init; }
    public CardAction? SelectAction { get; init; }
}

/// <summary>A column of a <see cref="ColumnSet"/>; <see cref="Width"/> is <c>auto</c>, <c>stretch</c>, a weight (<c>"2"</c>) or pixels (<c>"50px"</c>).</summary>
public sealed record Column(IReadOnlyList<CardElement> Items)
{
    [JsonPropertyName("type"), JsonPropertyOrder(-1)] public string Type => "Column";
    public string? Id { get; init; }
    public string? Width { get; init; }
    public ContainerStyle? Style { get; init; }
    public VerticalAlignment? VerticalContentAlignment { get; init; }
    public Spacing? Spacing { get; init; }
    public bool? Separator { get; init; }
    public CardAction? SelectAction { get; init; }
}

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

public sealed record Fact(string Title, string Value);

public sealed record Image(string Url) : CardElement
{
    public string? AltText { get; init; }
    public ImageSize? Size { get; init; }
    public ImageStyle? Style { get; init; }
    public CardAction? SelectAction { get; init; }
}

public sealed record ImageSet(IReadOnlyList<Image> Images) : CardElement
{
    public ImageSize? ImageSize { get; init; }
}

public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;
