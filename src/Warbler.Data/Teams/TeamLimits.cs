namespace Warbler.Data.Teams;

public static class TeamLimits
{
    public const int NameMaxLength = 100;

    public const int DescriptionMaxLength = 1000;
}
