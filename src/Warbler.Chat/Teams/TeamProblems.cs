namespace Warbler.Chat.Teams;

internal static class TeamProblems
{
    public static IResult NotFound(Guid teamId) =>
        TypedResults.Problem($"There is no team {teamId}, or you are not in it.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult NoSuch(string what, Guid id) =>
        TypedResults.Problem($"There is no {what} {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
