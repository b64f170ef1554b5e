# syntax=docker/dockerfile:1
# One image, three roles: the container's command picks `--role all|api|worker` (see docker-compose.yml).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The whole context (.dockerignore keeps out build output, local data and tests): listing each csproj for a
# restore-only layer would go stale as projects are added; the NuGet cache mount gives the speed instead.
COPY . .
RUN --mount=type=cache,id=pipelines-nuget,target=/root/.nuget/packages \
    dotnet publish src/Pipelines.Api -c Release -o /app -p:UseAppHost=false -nodeReuse:false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The aspnet image listens on 8080 and runs as the unprivileged `app` user.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_NOLOGO=1
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Pipelines.Api.dll"]
CMD ["--role", "all"]
