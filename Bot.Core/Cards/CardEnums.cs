namespace LicenseBot.Core.Cards;

// Names as in the Adaptive Cards 1.3 schema; written camelCase.

public enum TextSize { Default, Small, Medium, Large, ExtraLarge }
public enum TextWeight { Default, Lighter, Bolder }
public enum TextColor { Default, Dark, Light, Accent, Good, Warning, Attention }
public enum Spacing { None, Small, Default, Medium, Large, ExtraLarge, Padding }
public enum HorizontalAlignment { Left, Center, Right }
public enum VerticalAlignment { Top, Center, Bottom }
public enum ContainerStyle { Default, Emphasis, Good, Attention, Warning, Accent }
public enum ImageSize { Auto, Stretch, Small, Medium, Large }
public enum ImageStyle { Default, Person }
public enum ElementHeight { Auto, Stretch }
public enum TextInputStyle { Text, Tel, Url, Email }
public enum ChoiceInputStyle { Compact, Expanded }

/// <summary><c>Destructive</c> for buttons that remove something (docs/cards.md).</summary>
public enum ActionStyle { Default, Positive, Destructive }
