namespace Warbler.Chat.Attachments;

/// <summary>Why an upload was refused: the status to answer with, the form field at fault, and the reason in words for people.</summary>
internal sealed record UploadRefusal(int Status, string Field, string Reason)
{
    /// <summary>A validation problem, as the rest of <c>/api</c> words a refused body; a room nobody may see is a plain 404.</summary>
    public IResult ToResult() => Status == StatusCodes.Status404NotFound
        ? TypedResults.Problem(Reason, statusCode: Status, title: "Not found")
        : TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Field] = [Reason] })
        {
            Status = Status,
            Title = "The file was not accepted.",
        });
}
