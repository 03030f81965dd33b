import ArgumentParser

@main
struct Pactwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pactwatch",
        abstract: "Track whether signed agreements get implemented: commitment by commitment, party by party, with a source for every fact.",
        discussion: """
            Start with the bundled Union State dataset:
              pactwatch serve                      (then open http://127.0.0.1:8080/)
              pactwatch import --bundled union-state
              pactwatch status

            The database is ./pactwatch.sqlite unless --db or PACTWATCH_DATABASE says otherwise.
            """,
        subcommands: [
            Serve.self, SiteCommand.self, Check.self, Generate.self, Import.self, Export.self, Status.self, Verify.self, Backup.self,
            UserCommand.self, Audit.self,
        ])
}
