namespace Warbler.Contracts.Messages;

/// <summary>A knowledge-base passage a bot's reply was given, which the reply may cite as [<see cref="Index"/>].</summary>
/// <param name="Index">Its number in the reply's context, from 1.</param>
/// <param name="DocumentId">The document it is from (which may have been deleted since).</param>
/// <param name="DocumentName">The document's file name.</param>
/// <param name="Heading">The headings above the passage, outermost first, joined by " › ".</param>
/// <param name="Passage">The start of the passage.</param>
/// <param name="Score">How close it was to the question (cosine similarity, up to 1).</param>
public sealed record MessageSource(int Index, Guid DocumentId, string DocumentName, string? Heading, string Passage, double Score);
