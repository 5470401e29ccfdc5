namespace LicenseBot.Core.Cards;

/// <summary>
/// An input; its <see cref="CardElement.Id"/> becomes the key of its value in the submit. Never use <c>flow</c>,
/// <c>step</c> or <c>token</c> as an input id: the action's data wins such a collision (docs/cards.md).
/// Required inputs need an <see cref="ErrorMessage"/> (the renderer's validation says so).
/// </summary>
public abstract record CardInput : CardElement
{
    public string? Label { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
}

public sealed record InputText : CardInput
{
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public bool? IsMultiline { get; init; }
    public int? MaxLength { get; init; }
    public TextInputStyle? Style { get; init; }
    public string? Regex { get; init; }
}

public sealed record InputNumber : CardInput
{
    public string? Placeholder { get; init; }
    public double? Value { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
}

/// <summary>Value, min and max as <c>YYYY-MM-DD</c>.</summary>
public sealed record InputDate : CardInput
{
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
}

/// <summary>Value, min and max as <c>HH:MM</c>.</summary>
public sealed record InputTime : CardInput
{
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
}

/// <summary>Submits <see cref="ValueOn"/> or <see cref="ValueOff"/> (default "true"/"false") as a string.</summary>
public sealed record InputToggle(string Title) : CardInput
{
    public string? Value { get; init; }
    public string? ValueOn { get; init; }
    public string? ValueOff { get; init; }
    public bool? Wrap { get; init; }
}

/// <summary>Multi-select values arrive comma-joined.</summary>
public sealed record InputChoiceSet(IReadOnlyList<Choice> Choices) : CardInput
{
    public bool? IsMultiSelect { get; init; }
    public ChoiceInputStyle? Style { get; init; }
    public string? Value { get; init; }
    public string? Placeholder { get; init; }
    public bool? Wrap { get; init; }
}

public sealed record Choice(string Title, string Value);
