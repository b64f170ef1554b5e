using Marten;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Providers;

namespace Pipelines.Engine.Definitions;

/// <summary>
/// Writes to definitions. Every command validates before it touches the session, so a refused request stores nothing;
/// the session is the caller's tenant session, so a tenant can only ever see and change its own pipelines. Definitions
/// are checked against the tenant's providers (unknown providers, missing capabilities or features) on create, update
/// and publish.
/// </summary>
public sealed class DefinitionCommands(IDocumentSession session, ProviderCatalogs catalogs, TimeProvider clock)
{
    public async Task<DefinitionOutcome<PipelineDocument>> CreateAsync(string text, SourceFormat format, CancellationToken cancellationToken)
    {
        var checkedDraft = await CheckAsync(text, format, cancellationToken);
        if (checkedDraft.Failure is not null)
        {
            return checkedDraft.Failure;
        }

        var definition = checkedDraft.Definition!;
        if (await session.LoadAsync<PipelineDocument>(definition.Id, cancellationToken) is not null)
        {
            return DefinitionOutcome<PipelineDocument>.Fail(
                DefinitionFailure.AlreadyExists, $"A pipeline with id '{definition.Id}' already exists; update it with PUT.");
        }

        var now = clock.GetUtcNow();
        var document = new PipelineDocument
        {
            Id = definition.Id,
            Title = definition.Title,
            DraftSource = text,
            DraftFormat = format,
            DraftJson = DefinitionSerializer.ToJson(definition),
            DraftHash = DefinitionSerializer.ContentHash(definition),
            CreatedAt = now,
            UpdatedAt = now,
        };
        session.Insert(document);
        await session.SaveChangesAsync(cancellationToken);
        return DefinitionOutcome<PipelineDocument>.Ok(document);
    }

    public async Task<DefinitionOutcome<PipelineDocument>> UpdateAsync(
        string id, string? ifMatch, string text, SourceFormat format, CancellationToken cancellationToken)
    {
        var document = await session.LoadAsync<PipelineDocument>(id, cancellationToken);
        if (Unusable(document, id) is { } unusable)
        {
            return unusable;
        }

        if (ifMatch is not null && ifMatch != "*" && ifMatch != document!.ETag)
        {
            return DefinitionOutcome<PipelineDocument>.Fail(
                DefinitionFailure.StaleETag,
                $"The draft changed since you read it (current ETag {document.ETag}); reload and reapply your edit.");
        }

        var checkedDraft = await CheckAsync(text, format, cancellationToken);
        if (checkedDraft.Failure is not null)
        {
            return checkedDraft.Failure;
        }

        var definition = checkedDraft.Definition!;
        if (definition.Id != id)
        {
            return DefinitionOutcome<PipelineDocument>.Fail(
                DefinitionFailure.Invalid,
                "The definition's id must match the URL.",
                [new Diagnostic("PIPE-ID-MISMATCH", $"id '{definition.Id}' differs from the pipeline '{id}' being updated.", "/id")]);
        }

        document!.Title = definition.Title;
        document.DraftSource = text;
        document.DraftFormat = format;
        document.DraftJson = DefinitionSerializer.ToJson(definition);
        document.DraftHash = DefinitionSerializer.ContentHash(definition);
        document.DraftRevision++;
        document.UpdatedAt = clock.GetUtcNow();
        session.Store(document);
        await session.SaveChangesAsync(cancellationToken);
        return DefinitionOutcome<PipelineDocument>.Ok(document);
    }

    public async Task<DefinitionOutcome<PublishResult>> PublishAsync(string id, string publishedBy, CancellationToken cancellationToken)
    {
        var document = await session.LoadAsync<PipelineDocument>(id, cancellationToken);
        if (document is null)
        {
            return DefinitionOutcome<PublishResult>.Fail(DefinitionFailure.NotFound, $"No pipeline '{id}'.");
        }

        if (document.Status == PipelineStatus.Archived)
        {
            return DefinitionOutcome<PublishResult>.Fail(DefinitionFailure.Archived, $"Pipeline '{id}' is archived; it cannot be published.");
        }

        if (document.LatestVersion is { } latest && document.LatestVersionHash == document.DraftHash)
        {
            var existing = await session.LoadAsync<PipelineVersionDocument>(PipelineVersionDocument.IdFor(id, latest), cancellationToken);
            return DefinitionOutcome<PublishResult>.Ok(new PublishResult(existing!, Created: false));
        }

        // The providers may have changed since the draft was saved: a version must not freeze a reference to one that is gone.
        if ((await CheckAsync(document.DraftSource, document.DraftFormat, cancellationToken)).Failure is { } invalid)
        {
            return DefinitionOutcome<PublishResult>.Fail(invalid.Failure, invalid.Detail!, invalid.Diagnostics);
        }

        var version = new PipelineVersionDocument
        {
            Id = PipelineVersionDocument.IdFor(id, (document.LatestVersion ?? 0) + 1),
            PipelineId = id,
            Version = (document.LatestVersion ?? 0) + 1,
            Title = document.Title,
            Source = document.DraftSource,
            Format = document.DraftFormat,
            Json = document.DraftJson,
            Hash = document.DraftHash,
            PublishedAt = clock.GetUtcNow(),
            PublishedBy = publishedBy,
        };
        document.LatestVersion = version.Version;
        document.LatestVersionHash = version.Hash;
        document.Status = PipelineStatus.Published;
        document.UpdatedAt = version.PublishedAt;
        // Insert, not Store: a concurrent publish of the same number fails instead of overwriting a frozen version.
        session.Insert(version);
        session.Store(document);
        await session.SaveChangesAsync(cancellationToken);
        return DefinitionOutcome<PublishResult>.Ok(new PublishResult(version, Created: true));
    }

    public async Task<DefinitionOutcome<PipelineDocument>> ArchiveAsync(string id, CancellationToken cancellationToken)
    {
        var document = await session.LoadAsync<PipelineDocument>(id, cancellationToken);
        if (document is null)
        {
            return DefinitionOutcome<PipelineDocument>.Fail(DefinitionFailure.NotFound, $"No pipeline '{id}'.");
        }

        if (document.ArchivedAt is null)
        {
            document.ArchivedAt = clock.GetUtcNow();
            document.Status = PipelineStatus.Archived;
            session.Store(document);
            await session.SaveChangesAsync(cancellationToken);
        }

        return DefinitionOutcome<PipelineDocument>.Ok(document);
    }

    private static DefinitionOutcome<PipelineDocument>? Unusable(PipelineDocument? document, string id) => document switch
    {
        null => DefinitionOutcome<PipelineDocument>.Fail(DefinitionFailure.NotFound, $"No pipeline '{id}'."),
        { Status: PipelineStatus.Archived } => DefinitionOutcome<PipelineDocument>.Fail(
            DefinitionFailure.Archived, $"Pipeline '{id}' is archived; its draft can no longer change."),
        _ => null,
    };

    private async Task<(PipelineDefinition? Definition, DefinitionOutcome<PipelineDocument>? Failure)> CheckAsync(
        string text, SourceFormat format, CancellationToken cancellationToken)
    {
        var validator = await catalogs.ValidatorForAsync(session.TenantId, cancellationToken);
        var result = validator.Validate(text, format == SourceFormat.Yaml ? DefinitionFormat.Yaml : DefinitionFormat.Json);
        if (result.IsSyntaxError)
        {
            return (null, DefinitionOutcome<PipelineDocument>.Fail(DefinitionFailure.Syntax, "The text is not well-formed.", result.Diagnostics));
        }

        return result.IsValid
            ? (result.Definition, null)
            : (null, DefinitionOutcome<PipelineDocument>.Fail(
                DefinitionFailure.Invalid, $"The definition has {result.Diagnostics.Count} problem(s).", result.Diagnostics));
    }
}
