package synth

// Vocabularies of the generated records. Every entry is plain lowercase
// ASCII (names capitalised), so that records need no TOML escaping.

var badgeTopics = []string{
	"git", "python", "accessibility", "first-aid", "statistics", "javascript",
	"design", "databases", "security", "testing", "cloud", "writing",
	"mentoring", "networking", "linux", "spreadsheets",
}

var levels = []string{"Foundations", "Practitioner", "Advanced", "Essentials", "in Practice", "Capstone"}

var words = []string{
	"learner", "project", "course", "review", "data", "team", "mentor", "session",
	"analysis", "report", "design", "system", "evening", "weekend", "community",
	"workshop", "practice", "skills", "notebook", "summary", "quiz", "assessment",
	"branch", "commit", "merge", "chart", "model", "pipeline", "release", "feedback",
	"cohort", "exercise", "presentation", "prototype", "research", "interview",
	"survey", "audit", "portfolio", "volunteer", "client", "library", "module",
	"final", "careful", "clear", "documented", "public", "local", "open", "shared",
	"completed", "presented", "reviewed", "built", "tested", "published", "wrote",
	"with", "and", "for", "the", "of", "in", "to", "a", "on", "by", "from", "every",
}

var firstNames = []string{
	"Ada", "Ben", "Chloe", "Diego", "Emma", "Farah", "Gustav", "Hana", "Ivan", "Jun",
	"Kemi", "Liam", "Maya", "Nils", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tara",
	"Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoe",
}

var lastNames = []string{
	"Okafor", "Carter", "Nguyen", "Ramirez", "Schmidt", "Haddad", "Berg", "Sato",
	"Petrov", "Chen", "Adeyemi", "Murphy", "Patel", "Larsen", "Farouk", "Iyer",
	"Walsh", "Costa", "Lehtonen", "Singh", "Kowalski", "Dubois", "Moreau", "Novak",
	"Rossi", "Silva", "Tanaka", "Osei", "Jensen", "Kim", "Lopez", "Mensah",
}

var revocationReasons = []string{
	"Issued to the wrong recipient; reissued under the correct address.",
	"The assessment was found to include work that was not the earner's own.",
	"Issued by mistake before the final assessment was complete.",
}
