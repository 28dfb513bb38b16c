//! Word lists: speech cues, titles, organization words, function words, first names by gender, places.
//!
//! Every lookup takes a lower-cased word. The lists are English and aimed at news prose.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

fn set(words: &[&'static str]) -> FxHashSet<&'static str> {
    words.iter().copied().collect()
}

/// Verbs (every inflection written out) that introduce what someone said or wrote.
static CUE_VERBS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let stems: &[&[&str]] = &[
        &["say", "says", "said", "saying"],
        &["tell", "tells", "told", "telling"],
        &["write", "writes", "wrote", "writing", "written"],
        &["add", "adds", "added", "adding"],
        &["ask", "asks", "asked", "asking"],
        &["tweet", "tweets", "tweeted", "tweeting"],
        &["continue", "continues", "continued", "continuing"],
        &["explain", "explains", "explained", "explaining"],
        &["note", "notes", "noted", "noting"],
        &["stated"],
        &["declare", "declares", "declared", "declaring"],
        &["claim", "claims", "claimed", "claiming"],
        &["argue", "argues", "argued", "arguing"],
        &["insist", "insists", "insisted", "insisting"],
        &["warn", "warns", "warned", "warning"],
        &["reply", "replies", "replied", "replying"],
        &["respond", "responds", "responded", "responding"],
        &["recall", "recalls", "recalled", "recalling"],
        &["conclude", "concludes", "concluded", "concluding"],
        &["acknowledge", "acknowledges", "acknowledged", "acknowledging"],
        &["admit", "admits", "admitted", "admitting"],
        &["announce", "announces", "announced", "announcing"],
        &["report", "reports", "reported", "reporting"],
        &["call", "calls", "called", "calling"],
        &["describe", "describes", "described", "describing"],
        &["quip", "quips", "quipped", "quipping"],
        &["joke", "jokes", "joked", "joking"],
        &["remark", "remarks", "remarked", "remarking"],
        &["observe", "observes", "observed", "observing"],
        &["commented"],
        &["suggest", "suggests", "suggested", "suggesting"],
        &["complain", "complains", "complained", "complaining"],
        &["predict", "predicts", "predicted", "predicting"],
        &["promise", "promises", "promised", "promising"],
        &["pledge", "pledges", "pledged", "pledging"],
        &["vow", "vows", "vowed", "vowing"],
        &["urge", "urges", "urged", "urging"],
        &["demand", "demands", "demanded", "demanding"],
        &["boast", "boasts", "boasted", "boasting"],
        &["brag", "brags", "bragged", "bragging"],
        &["confirm", "confirms", "confirmed", "confirming"],
        &["deny", "denies", "denied", "denying"],
        &["emphasize", "emphasizes", "emphasized", "emphasizing"],
        &["stress", "stresses", "stressed", "stressing"],
        &["shout", "shouts", "shouted", "shouting"],
        &["yell", "yells", "yelled", "yelling"],
        &["chant", "chants", "chanted", "chanting"],
        &["scream", "screams", "screamed", "screaming"],
        &["exclaim", "exclaims", "exclaimed", "exclaiming"],
        &["answer", "answers", "answered", "answering"],
        &["counter", "counters", "countered", "countering"],
        &["retort", "retorts", "retorted", "retorting"],
        &["mock", "mocks", "mocked", "mocking"],
        &["blast", "blasts", "blasted", "blasting"],
        &["slam", "slams", "slammed", "slamming"],
        &["accuse", "accuses", "accused", "accusing"],
        &["contend", "contends", "contended", "contending"],
        &["assert", "asserts", "asserted", "asserting"],
        &["maintain", "maintains", "maintained", "maintaining"],
        &["opine", "opines", "opined", "opining"],
        &["wonder", "wonders", "wondered", "wondering"],
        &["lament", "laments", "lamented", "lamenting"],
        &["concede", "concedes", "conceded", "conceding"],
        &["reiterate", "reiterates", "reiterated", "reiterating"],
        &["repeat", "repeats", "repeated", "repeating"],
        &["text", "texted", "texting"],
        &["email", "emailed", "emailing"],
        &["post", "posted", "posting"],
        &["read", "reads", "reading"],
        &["testify", "testifies", "testified", "testifying"],
        &["caution", "cautions", "cautioned", "cautioning"],
        &["recount", "recounts", "recounted", "recounting"],
        &["label", "labels", "labeled", "labelled", "labeling"],
        &["dub", "dubs", "dubbed", "dubbing"],
        &["brand", "brands", "branded", "branding"],
        &["deride", "derides", "derided", "deriding"],
        &["hail", "hails", "hailed", "hailing"],
        &["praise", "praises", "praised", "praising"],
        &["criticize", "criticizes", "criticized", "criticizing"],
        &["reveal", "reveals", "revealed", "revealing"],
        &["allege", "alleges", "alleged", "alleging"],
        &["echo", "echoes", "echoed", "echoing"],
        &["agreed"],
        &["proclaim", "proclaims", "proclaimed", "proclaiming"],
        &["snap", "snaps", "snapped"],
        &["scoff", "scoffs", "scoffed"],
        &["sigh", "sighs", "sighed"],
        &["whisper", "whispers", "whispered"],
        &["mutter", "mutters", "muttered"],
        &["tease", "teases", "teased"],
        &["rant", "rants", "ranted"],
        &["charge", "charges", "charged"],
        &["chide", "chides", "chided"],
        &["decry", "decries", "decried"],
        &["dismiss", "dismisses", "dismissed"],
        &["assure", "assures", "assured"],
        &["mention", "mentions", "mentioned"],
        &["speculate", "speculates", "speculated"],
        &["thunder", "thunders", "thundered"],
        &["boom", "booms", "boomed"],
        &["quote", "quotes", "quoted"],
        &["cite", "cites", "cited"],
        &["show", "shows", "showed"],
        &["conclude", "concluded"],
        &["put", "puts"],
        &["offer", "offers", "offered"],
        &["plead", "pleads", "pleaded"],
        &["fume", "fumes", "fumed"],
        &["interject", "interjects", "interjected"],
        &["elaborate", "elaborates", "elaborated"],
        &["hint", "hints", "hinted"],
        &["gush", "gushes", "gushed"],
        &["rail", "rails", "railed"],
        &["scold", "scolds", "scolded"],
        &["tout", "touts", "touted"],
        &["condemn", "condemns", "condemned"],
        &["denounce", "denounces", "denounced"],
        &["vent", "vents", "vented"],
        &["sneer", "sneered"],
        &["implore", "implores", "implored"],
        &["beg", "begs", "begged"],
        &["pen", "pens", "penned"],
        &["lash", "lashed"],
        &["fire", "fired"],
        &["shoot", "shot"],
        &["summarize", "summarized", "summed"],
        &["quip", "quipped"],
        &["gripe", "griped"],
        &["grumble", "grumbled"],
        &["marvel", "marveled", "marvelled"],
        &["instruct", "instructed"],
        &["advise", "advised"],
        &["preach", "preached"],
        &["proclaim", "proclaimed"],
        &["vow", "vowed"],
        &["sing", "sang", "sings"],
        &["cry", "cried"],
        &["plead", "pleaded"],
        &["refer", "refers", "referred"],
        &["predict", "predicted"],
    ];
    stems.iter().flat_map(|forms| forms.iter().copied()).collect()
});

/// Cue verbs after which a name may follow a closing quote in inverted order: `"…," said Kelly`.
#[rustfmt::skip]
static INVERTIBLE: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "said", "says", "added", "adds", "wrote", "writes", "asked", "asks", "continued", "continues",
        "explained", "explains", "noted", "notes", "replied", "replies", "responded", "recalled", "tweeted",
        "declared", "stated", "argued", "insisted", "warned", "concluded", "acknowledged", "admitted",
        "announced", "quipped", "joked", "remarked", "observed", "commented", "suggested", "complained",
        "predicted", "boasted", "shouted", "yelled", "screamed", "exclaimed", "answered", "countered",
        "retorted", "claimed", "laughed", "sighed", "snapped", "mused", "offered", "cautioned", "recounted",
        "reads", "read", "emailed", "texted", "posted", "pleaded", "reported", "reports", "tweets", "noted",
        "observed", "asserted", "stressed", "warned", "wondered", "interjected", "fumed", "quipped",
        "conceded", "agreed", "insists", "argues", "adds", "explains", "recalls", "concluded", "proclaimed",
        "elaborated", "chimed", "responded", "cautioned", "pointed", "summarized", "declares", "continues",
        "writes", "asks", "warns", "replies", "responds", "concludes", "admits", "acknowledges", "jokes",
        "quips", "observes", "claims", "offers", "recounted", "recounts", "began", "started", "shouts",
        "exclaims", "testified", "vowed", "promised", "predicts", "laments", "lamented",
    ])
});

/// Whether a lower-cased word is a speech cue verb.
pub(crate) fn is_cue_verb(word: &str) -> bool {
    CUE_VERBS.contains(word)
}

/// Whether a cue verb may precede its speaker after a closing quote (`"…," said X`).
pub(crate) fn is_invertible(word: &str) -> bool {
    INVERTIBLE.contains(word)
}

/// Cue verbs weak enough that a short quote after them is more often a term than speech (`called it "x"`).
pub(crate) fn is_weak_cue(word: &str) -> bool {
    matches!(
        word,
        "call"
            | "calls"
            | "called"
            | "calling"
            | "describe"
            | "describes"
            | "described"
            | "describing"
            | "label"
            | "labels"
            | "labeled"
            | "labelled"
            | "labeling"
            | "dub"
            | "dubs"
            | "dubbed"
            | "dubbing"
            | "brand"
            | "brands"
            | "branded"
            | "branding"
            | "show"
            | "shows"
            | "showed"
            | "put"
            | "puts"
            | "read"
            | "reads"
            | "reading"
            | "post"
            | "posted"
            | "posting"
            | "report"
            | "reports"
            | "reported"
            | "reporting"
            | "state"
            | "states"
            | "stated"
            | "stating"
            | "offer"
            | "offers"
            | "offered"
            | "quote"
            | "quotes"
            | "quoted"
            | "cite"
            | "cites"
            | "cited"
            | "charge"
            | "charges"
            | "charged"
            | "counter"
            | "counters"
            | "countered"
            | "mention"
            | "mentions"
            | "mentioned"
            | "echo"
            | "echoes"
            | "echoed"
            | "agree"
            | "agrees"
            | "agreed"
            | "repeat"
            | "repeats"
            | "repeated"
    )
}

/// Documents and messages that "say" things for whoever issued them: `the report noted`.
pub(crate) fn is_document_noun(word: &str) -> bool {
    matches!(
        word,
        "statement"
            | "report"
            | "letter"
            | "memo"
            | "study"
            | "poll"
            | "survey"
            | "email"
            | "e-mail"
            | "message"
            | "release"
            | "filing"
            | "lawsuit"
            | "complaint"
            | "suit"
            | "editorial"
            | "tweet"
            | "post"
            | "ad"
            | "advertisement"
            | "video"
            | "website"
            | "site"
            | "document"
            | "analysis"
            | "paper"
            | "proposal"
            | "plan"
            | "roadmap"
            | "order"
            | "ruling"
            | "opinion"
            | "motion"
            | "brief"
            | "petition"
            | "indictment"
            | "transcript"
            | "article"
            | "story"
            | "piece"
            | "op-ed"
            | "column"
            | "book"
            | "note"
            | "spot"
            | "commercial"
            | "clip"
            | "announcement"
            | "decision"
            | "platform"
            | "manifesto"
            | "guidance"
            | "bill"
            | "resolution"
    )
}

/// Heads of noun phrases that name an organization without naming it: `the group said`.
pub(crate) fn is_org_noun(word: &str) -> bool {
    matches!(
        word,
        "group"
            | "organization"
            | "organisation"
            | "foundation"
            | "institute"
            | "campaign"
            | "committee"
            | "company"
            | "firm"
            | "agency"
            | "department"
            | "ministry"
            | "newspaper"
            | "paper"
            | "network"
            | "outlet"
            | "publication"
            | "magazine"
            | "government"
            | "administration"
            | "office"
            | "party"
            | "council"
            | "commission"
            | "board"
            | "union"
            | "association"
            | "coalition"
            | "center"
            | "centre"
            | "team"
            | "club"
            | "league"
            | "bureau"
            | "court"
            | "university"
            | "school"
            | "college"
            | "corporation"
            | "bank"
            | "fund"
            | "nonprofit"
            | "think"
            | "tank"
            | "station"
            | "broadcaster"
            | "site"
            | "website"
            | "service"
            | "embassy"
            | "ministry's"
            | "church"
            | "military"
            | "army"
            | "police"
            | "pac"
            | "super"
            | "caucus"
            | "movement"
            | "channel"
    )
}

/// Words whose presence as the last word makes a capitalized span an organization.
#[rustfmt::skip]
static ORG_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "foundation", "institute", "institution", "party", "committee", "council", "department",
        "administration", "agency", "bureau", "commission", "university", "college", "school", "association",
        "union", "center", "centre", "times", "post", "journal", "news", "press", "network", "campaign",
        "group", "corp", "corp.", "inc", "inc.", "co.", "company", "bank", "fund", "court", "congress",
        "senate", "house", "office", "ministry", "service", "services", "board", "organization", "coalition",
        "alliance", "club", "league", "society", "project", "church", "army", "navy", "police", "command",
        "forces", "force", "guard", "magazine", "tribune", "herald", "gazette", "channel", "media", "digital",
        "watch", "federation", "conference", "lab", "labs", "pac", "trust", "initiative", "caucus",
        "secretariat", "review", "daily", "weekly", "telegraph", "guardian", "observer", "examiner",
        "reporter", "register", "inquirer", "chronicle", "standard", "sun", "mail", "express", "independent",
        "atlantic", "politico", "huffpost", "breitbart", "reuters", "bloomberg", "axios", "slate", "vox",
        "fund", "council", "commission", "authority", "agency", "committee", "group", "institute", "partners",
        "holdings", "llc", "ltd", "ltd.", "llp", "cartel", "movement", "network", "studios", "records",
        "airlines", "motors", "systems", "technologies", "hospital", "clinic", "museum", "library", "academy",
        "laboratory", "assembly", "parliament", "cabinet", "government", "legislature", "federal", "reserve",
        "exchange", "fbi", "cia", "nsa", "times", "nation", "world", "today", "republicans", "democrats",
        "circle", "action", "works",
    ])
});

/// Whether a lower-cased word marks a capitalized span as an organization.
pub(crate) fn is_org_word(word: &str) -> bool {
    ORG_WORDS.contains(word)
}

/// Well-known organizations written as one word or an acronym that takes no article.
pub(crate) fn is_known_org(word: &str) -> bool {
    matches!(
        word,
        "cnn"
            | "nbc"
            | "abc"
            | "cbs"
            | "msnbc"
            | "fox"
            | "npr"
            | "pbs"
            | "bbc"
            | "fbi"
            | "cia"
            | "nsa"
            | "gop"
            | "dnc"
            | "rnc"
            | "aclu"
            | "nra"
            | "naacp"
            | "un"
            | "nato"
            | "eu"
            | "imf"
            | "politico"
            | "politifact"
            | "breitbart"
            | "huffpost"
            | "reuters"
            | "bloomberg"
            | "axios"
            | "twitter"
            | "facebook"
            | "google"
            | "microsoft"
            | "apple"
            | "amazon"
            | "youtube"
            | "instagram"
            | "reddit"
            | "wikileaks"
            | "gallup"
            | "quinnipiac"
            | "rasmussen"
            | "pew"
            | "nasa"
            | "epa"
            | "irs"
            | "dhs"
            | "doj"
            | "pentagon"
            | "kremlin"
            | "congress"
            | "senate"
            | "ap"
            | "afp"
            | "upi"
            | "usa"
            | "ice"
            | "dea"
            | "atf"
            | "sec"
            | "fec"
            | "fcc"
            | "ftc"
            | "cdc"
            | "fda"
    )
}

/// Words of a title or role before or beside a person's name, normalized (`sen.` → `senator`).
pub(crate) fn normalize_title(word: &str) -> Option<&'static str> {
    Some(match word {
        "president" | "pres." => "president",
        "vice" => "vice",
        "sen." | "senator" | "sens." | "senators" => "senator",
        "rep." | "representative" | "reps." | "congressman" | "congresswoman" | "lawmaker" => {
            "representative"
        }
        "gov." | "governor" => "governor",
        "lt." | "lieutenant" => "lieutenant",
        "gen." | "general" => "general",
        "adm." | "admiral" => "admiral",
        "col." | "colonel" => "colonel",
        "capt." | "captain" => "captain",
        "sgt." | "sergeant" => "sergeant",
        "maj." | "major" => "major",
        "secretary" | "sec." => "secretary",
        "minister" => "minister",
        "premier" => "premier",
        "chancellor" => "chancellor",
        "mayor" => "mayor",
        "judge" => "judge",
        "justice" => "justice",
        "director" => "director",
        "chairman" | "chairwoman" | "chair" | "chairperson" => "chairman",
        "chief" => "chief",
        "spokesman" | "spokeswoman" | "spokesperson" => "spokesman",
        "speaker" => "speaker",
        "leader" => "leader",
        "attorney" => "attorney",
        "commissioner" => "commissioner",
        "ambassador" | "amb." => "ambassador",
        "prince" => "prince",
        "princess" => "princess",
        "king" => "king",
        "queen" => "queen",
        "pope" => "pope",
        "rev." | "reverend" | "pastor" | "bishop" | "rabbi" | "imam" => "reverend",
        "prof." | "professor" => "professor",
        "dr." | "doctor" => "doctor",
        "mr." | "mr" => "mr",
        "mrs." | "mrs" => "mrs",
        "ms." | "ms" => "ms",
        "candidate" => "candidate",
        "nominee" => "nominee",
        "prosecutor" => "prosecutor",
        "sheriff" => "sheriff",
        "councilman" | "councilwoman" | "councilmember" => "councilman",
        "assemblyman" | "assemblywoman" => "assemblyman",
        "coach" => "coach",
        "ceo" => "ceo",
        "founder" => "founder",
        "executive" => "executive",
        "officer" => "officer",
        "official" => "official",
        "strategist" => "strategist",
        "adviser" | "advisor" => "adviser",
        "aide" => "aide",
        "manager" => "manager",
        "analyst" => "analyst",
        "economist" => "economist",
        "pollster" => "pollster",
        "host" => "host",
        "anchor" => "anchor",
        "reporter" => "reporter",
        "correspondent" => "correspondent",
        "columnist" => "columnist",
        "editor" => "editor",
        "author" => "author",
        "writer" => "writer",
        "activist" => "activist",
        "lawyer" => "lawyer",
        "businessman" | "businesswoman" => "businessman",
        "billionaire" => "billionaire",
        "mogul" => "mogul",
        "neurosurgeon" | "surgeon" => "surgeon",
        "nominee's" => "nominee",
        "hopeful" => "hopeful",
        "contender" => "contender",
        "challenger" => "challenger",
        "incumbent" => "incumbent",
        "deputy" => "deputy",
        "press" => "press",
        "house" => "house",
        "white" => "white",
        "senior" => "senior",
        "former" => "former",
        "republican" => "republican",
        "democratic" | "democrat" => "democratic",
        "gop" => "republican",
        "presidential" => "presidential",
        "first" => "first",
        "lady" => "lady",
        "partner" => "partner",
        "owner" => "owner",
        "head" => "head",
        "member" => "member",
        "resident" => "resident",
        "voter" => "voter",
        "supporter" => "supporter",
        "student" => "student",
        "father" => "father",
        "mother" => "mother",
        "son" => "son",
        "daughter" => "daughter",
        "wife" => "wife",
        "husband" => "husband",
        "brother" => "brother",
        "sister" => "sister",
        "widow" => "widow",
        "mogul's" => "mogul",
        "counsel" => "counsel",
        "counselor" => "counselor",
        "administrator" => "administrator",
        "president-elect" => "president",
        "vice-president" => "vice",
        _ => return None,
    })
}

/// Title words that precede a name as part of it in capitalized form (`Sen. Marco Rubio`), to be stripped.
pub(crate) fn is_name_title(word: &str) -> bool {
    matches!(
        word,
        "president"
            | "pres."
            | "vice"
            | "sen."
            | "senator"
            | "rep."
            | "representative"
            | "gov."
            | "governor"
            | "lt."
            | "gen."
            | "general"
            | "adm."
            | "col."
            | "capt."
            | "sgt."
            | "maj."
            | "secretary"
            | "minister"
            | "prime"
            | "premier"
            | "chancellor"
            | "mayor"
            | "judge"
            | "justice"
            | "director"
            | "chairman"
            | "chairwoman"
            | "chief"
            | "spokesman"
            | "spokeswoman"
            | "speaker"
            | "leader"
            | "attorney"
            | "commissioner"
            | "ambassador"
            | "prince"
            | "princess"
            | "king"
            | "queen"
            | "pope"
            | "rev."
            | "pastor"
            | "bishop"
            | "rabbi"
            | "prof."
            | "professor"
            | "dr."
            | "mr."
            | "mrs."
            | "ms."
            | "mr"
            | "mrs"
            | "ms"
            | "candidate"
            | "nominee"
            | "congressman"
            | "congresswoman"
            | "sheriff"
            | "councilman"
            | "councilwoman"
            | "assemblyman"
            | "coach"
            | "ceo"
            | "former"
            | "deputy"
            | "press"
            | "lieutenant"
            | "sergeant"
            | "captain"
            | "colonel"
            | "admiral"
            | "majority"
            | "minority"
            | "democratic"
            | "republican"
            | "gop"
            | "presidential"
            | "first"
            | "lady"
            | "sens."
            | "reps."
            | "u.s."
            | "state"
            | "house"
            | "white"
            | "national"
            | "security"
            | "council"
            | "adviser"
            | "advisor"
            | "officer"
            | "executive"
            | "founder"
            | "host"
            | "anchor"
            | "dame"
            | "sir"
            | "lord"
            | "saint"
            | "st."
            | "president-elect"
            | "nominee's"
            | "chair"
            | "inspector"
            | "surgeon"
            | "supreme"
            | "court"
            | "special"
            | "counsel"
            | "agent"
            | "officials"
            | "spokesperson"
            | "strategist"
            | "pollster"
            | "treasurer"
            | "whip"
            | "delegate"
    )
}

/// Honorifics and roles that tell a person's gender.
pub(crate) fn title_gender(word: &str) -> Option<Gender> {
    match word {
        "mr." | "mr" | "sir" | "king" | "prince" | "spokesman" | "congressman" | "chairman"
        | "businessman" | "councilman" | "assemblyman" | "father" | "son" | "husband" | "brother"
        | "lord" | "pope" | "himself" => Some(Gender::Male),
        "mrs." | "mrs" | "ms." | "ms" | "miss" | "dame" | "queen" | "princess" | "spokeswoman"
        | "congresswoman" | "chairwoman" | "businesswoman" | "councilwoman" | "assemblywoman" | "mother"
        | "daughter" | "wife" | "sister" | "lady" | "widow" | "herself" | "actress" | "waitress" => {
            Some(Gender::Female)
        }
        _ => None,
    }
}

/// A person's grammatical gender, as far as the text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
}

#[rustfmt::skip]
static MALE_NAMES: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "aaron", "abdul", "abraham", "adam", "adrian", "ahmed", "al", "alan", "albert", "alberto", "alex",
        "alexander", "alexei", "ali", "allen", "alvin", "amir", "andre", "andrew", "andy", "angel", "anthony",
        "antonio", "arnold", "arthur", "ashton", "barack", "barry", "ben", "benjamin", "bennie", "bernard",
        "bernie", "bill", "billy", "bob", "bobby", "boris", "brad", "bradley", "brandon", "brent", "brett",
        "brian", "bruce", "bryan", "buddy", "byron", "calvin", "carl", "carlos", "cary", "cecil", "chad",
        "charles", "charlie", "chris", "christian", "christopher", "chuck", "clarence", "clay", "clint",
        "cody", "colin", "connor", "corey", "cory", "craig", "curt", "curtis", "dale", "dan", "daniel",
        "danny", "darrell", "darren", "dave", "david", "dean", "dennis", "derek", "devin", "dick", "don",
        "donald", "doug", "douglas", "duncan", "dwight", "earl", "ed", "eddie", "edward", "elijah", "elliott",
        "elon", "emmanuel", "eric", "erik", "ernest", "eugene", "evan", "frank", "franklin", "fred",
        "frederick", "gabriel", "gary", "gavin", "gene", "geoffrey", "george", "gerald", "glenn", "gordon",
        "graham", "greg", "gregory", "gus", "harold", "harry", "hassan", "hector", "henry", "herbert",
        "herman", "howard", "hugh", "hunter", "ian", "isaac", "ivan", "jack", "jacob", "jake", "james",
        "jamie", "jared", "jason", "javier", "jay", "jeb", "jeff", "jeffrey", "jeremy", "jerome", "jerry",
        "jesse", "jesus", "jim", "jimmy", "joe", "joel", "john", "johnny", "jon", "jonathan", "jordan",
        "jorge", "jose", "joseph", "josh", "joshua", "juan", "julian", "justin", "karl", "keith", "ken",
        "kenneth", "kevin", "kirk", "kurt", "kyle", "lamar", "lance", "larry", "lawrence", "lee", "leon",
        "leonard", "lindsey", "lloyd", "louis", "luis", "luke", "lyndon", "manuel", "marco", "marcus",
        "mario", "mark", "martin", "marvin", "matt", "matthew", "max", "michael", "miguel", "mike", "mitch",
        "mitt", "mohammed", "muhammad", "nathan", "neil", "newt", "nicholas", "nick", "nigel", "noah",
        "norman", "oliver", "omar", "oscar", "owen", "pablo", "patrick", "paul", "pedro", "pete", "peter",
        "phil", "philip", "pierre", "rafael", "ralph", "rand", "randy", "ray", "raymond", "reince", "reggie",
        "reid", "ricardo", "richard", "rick", "ricky", "rob", "robert", "roberto", "rodney", "roger",
        "roland", "ron", "ronald", "ronny", "ross", "roy", "rudy", "rudolph", "russell", "ryan", "sam",
        "samuel", "scott", "sean", "sergei", "seth", "shawn", "sherrod", "stanley", "stephen", "steve",
        "steven", "stuart", "ted", "terry", "theodore", "thomas", "tim", "timothy", "todd", "tom", "tommy",
        "tony", "travis", "trey", "troy", "tyler", "victor", "vince", "vincent", "vladimir", "wade", "walter",
        "warren", "wayne", "wesley", "will", "william", "willie", "xavier", "zach", "zachary", "newton",
        "benny", "jeh", "reince", "corey", "rahm", "rush", "sean", "marc", "jorge", "andres", "andrés",
        "emmanuel", "justin", "shinzo", "xi", "recep", "benjamin", "bashar", "kim", "hugo", "fidel", "raul",
        "nicolas", "jair", "javier", "olaf", "volodymyr", "enrique", "vicente", "felipe", "ernesto", "jens",
        "mitch", "chuck", "rod", "mick", "herschel", "ron", "jd", "j.d.", "pete", "beto", "cory", "tucker",
        "hakeem", "eli", "ike", "abe", "morris", "gil", "joaquin", "julio", "cesar", "marcelo", "omar",
    ])
});

#[rustfmt::skip]
static FEMALE_NAMES: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "abby", "abigail", "adriana", "alexandra", "alexis", "alice", "alicia", "alison", "allison", "alyssa",
        "amanda", "amber", "amy", "ana", "andrea", "angela", "angelina", "anita", "ann", "anna", "anne",
        "annie", "april", "ashley", "audrey", "ava", "barbara", "beatriz", "becky", "betsy", "betty",
        "beverly", "bonnie", "brenda", "bridget", "brittany", "brooke", "camila", "candace", "carla", "carly",
        "carmen", "carol", "caroline", "carolyn", "carrie", "catherine", "cathy", "charlotte", "chelsea",
        "cheryl", "chloe", "christina", "christine", "cindy", "claire", "claudia", "colleen", "connie",
        "cynthia", "dana", "daniela", "danielle", "dawn", "debbie", "deborah", "debra", "denise", "diana",
        "diane", "donna", "doris", "dorothy", "edith", "eileen", "elaine", "eleanor", "elena", "elise",
        "elizabeth", "ella", "ellen", "emily", "emma", "erica", "erin", "esther", "eva", "evelyn", "fiona",
        "florence", "frances", "gabriela", "gail", "gina", "gloria", "grace", "gwen", "hannah", "harriet",
        "heather", "heidi", "helen", "hillary", "hilary", "holly", "hope", "huma", "ilhan", "irene", "isabel",
        "isabella", "ivana", "ivanka", "jackie", "jacqueline", "jan", "jane", "janet", "janice", "jean",
        "jeanne", "jennifer", "jenny", "jessica", "jill", "joan", "joanna", "jodi", "joni", "josephine",
        "joy", "joyce", "judith", "judy", "julia", "julie", "june", "karen", "kamala", "kate", "katherine",
        "kathleen", "kathryn", "kathy", "katie", "kayleigh", "kellyanne", "kelly", "kim", "kimberly",
        "kirsten", "kristen", "kristin", "laura", "lauren", "leah", "lesley", "leslie", "linda", "lindsay",
        "lisa", "liz", "loretta", "lori", "louise", "lucy", "lydia", "lynn", "madeleine", "maggie", "mallory",
        "mandy", "margaret", "maria", "marie", "marilyn", "marine", "marion", "marjorie", "martha", "mary",
        "maxine", "megan", "meghan", "melania", "melanie", "melissa", "melinda", "mia", "michele", "michelle",
        "mika", "mindy", "miranda", "molly", "monica", "nancy", "naomi", "natalie", "nicole", "nikki", "nina",
        "nora", "olivia", "pam", "pamela", "patricia", "patty", "paula", "pauline", "peggy", "penny",
        "phyllis", "priscilla", "rachel", "rebecca", "regina", "rita", "roberta", "robin", "rosa", "rose",
        "rosemary", "ruth", "sally", "samantha", "sandra", "sara", "sarah", "sharon", "sheila", "shirley",
        "sonia", "sophia", "stacey", "stephanie", "sue", "susan", "susana", "suzanne", "sylvia", "tammy",
        "tamara", "tara", "teresa", "theresa", "tiffany", "tina", "tracy", "tulsi", "ursula", "valerie",
        "vanessa", "veronica", "victoria", "virginia", "vivian", "wendy", "whitney", "yolanda", "yvonne",
        "zoe", "angela", "theresa", "marine", "christiane", "giorgia", "jacinda", "liz", "kristi", "kari",
        "marsha", "lisa", "tammy", "elise", "marjorie", "lauren", "karine", "jen", "dana", "kyrsten", "amy",
        "katie", "stacey", "gretchen", "kathy", "kellie", "hope", "sarah", "kirstjen", "betsy", "nikki",
        "omarosa", "stormy", "chrissy", "jenna", "hoda", "savannah", "megyn", "norah", "greta", "ainsley",
        "brianna", "gabby", "katy", "taylor", "beyonce", "oprah", "rihanna", "madonna", "melissa", "donna",
        "xóchitl", "xochitl",
    ])
});

/// The gender a lower-cased first name suggests, when the lists know it and it is not shared.
pub(crate) fn first_name_gender(word: &str) -> Option<Gender> {
    match (MALE_NAMES.contains(word), FEMALE_NAMES.contains(word)) {
        (true, false) => Some(Gender::Male),
        (false, true) => Some(Gender::Female),
        _ => None,
    }
}

/// Whether a lower-cased word is a known first name.
pub(crate) fn is_first_name(word: &str) -> bool {
    MALE_NAMES.contains(word) || FEMALE_NAMES.contains(word)
}

/// Capitalized words that start sentences or stand before names without being part of one.
#[rustfmt::skip]
static NOT_NAME: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "the", "a", "an", "but", "and", "or", "nor", "so", "in", "on", "at", "for", "with", "from", "by",
        "to", "as", "if", "when", "while", "after", "before", "since", "although", "though", "because", "he",
        "she", "it", "they", "we", "i", "you", "his", "her", "their", "its", "our", "my", "your", "this",
        "that", "these", "those", "there", "here", "what", "who", "whom", "why", "how", "where", "which",
        "yes", "no", "not", "also", "still", "yet", "now", "then", "meanwhile", "however", "instead", "last",
        "next", "earlier", "later", "today", "tonight", "yesterday", "tomorrow", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "june", "july", "august", "september", "october", "november", "december", "jan.", "feb.", "aug.",
        "sept.", "sep.", "oct.", "nov.", "dec.", "do", "does", "did", "is", "are", "was", "were", "be",
        "been", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must",
        "shall", "let", "let's", "all", "some", "many", "most", "much", "more", "few", "several", "both",
        "each", "every", "any", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "first", "second", "third", "even", "just", "only", "already", "again", "like", "unlike", "despite",
        "during", "about", "above", "against", "among", "around", "between", "into", "over", "through",
        "under", "until", "upon", "within", "without", "whether", "once", "asked", "according", "said",
        "says", "thanks", "please", "well", "oh", "okay", "ok", "sure", "indeed", "perhaps", "maybe", "of",
        "via", "per", "than", "such", "other", "another", "same", "own", "never", "always", "often",
        "sometimes", "finally", "ultimately", "still", "thus", "therefore", "hence", "otherwise", "rather",
        "why", "whatever", "whoever", "wherever", "whenever", "nothing", "everything", "something",
        "anything", "nobody", "everyone", "someone", "anyone", "none", "mr", "mrs", "ms", "update", "updated",
        "editor's", "note", "photo", "video", "watch", "read", "click", "related", "advertisement", "getty",
        "images", "sources", "source", "officials", "supporters", "critics", "democrats", "republicans",
        "americans", "those", "speaking", "asked", "responding", "writing", "during", "following", "citing",
        "including", "amid", "under", "across", "toward", "towards", "ask", "tell", "look", "see", "take",
        "make", "consider", "imagine", "remember", "think", "hours", "days", "minutes", "weeks", "months",
        "years", "moments", "people", "everybody", "nobody", "eleven", "twelve", "thirteen", "fourteen",
        "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousands", "millions",
        "dozens", "half", "sales", "polls", "voters", "along", "beside", "behind", "beyond",
        "below", "alongside", "besides", "except", "plus", "outside", "inside", "near",
    ])
});

/// Whether a capitalized lower-cased word is a function word or a date word rather than part of a name.
pub(crate) fn is_not_name(word: &str) -> bool {
    NOT_NAME.contains(word) || NOT_NAME.contains(base(word))
}

/// A word without a contraction (`they’re` → `they`, `he’d` → `he`).
pub(crate) fn base(word: &str) -> &str {
    for suffix in ["’re", "'re", "’ll", "'ll", "’ve", "'ve", "’d", "'d", "’m", "'m"] {
        if let Some(b) = word.strip_suffix(suffix) {
            return b;
        }
    }
    word
}

/// Lower-case words allowed inside a name between capitalized words (`Bank of America`, `Charles de Gaulle`).
pub(crate) fn is_name_connector(word: &str) -> bool {
    matches!(
        word,
        "of" | "de"
            | "la"
            | "del"
            | "van"
            | "von"
            | "der"
            | "da"
            | "al"
            | "bin"
            | "du"
            | "le"
            | "for"
            | "on"
            | "dos"
            | "das"
            | "di"
    )
}

/// Places that are not speakers by themselves (countries, US states, big cities, regions).
#[rustfmt::skip]
static PLACES: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    set(&[
        "america", "united states", "u.s.", "us", "usa", "mexico", "canada", "china", "russia", "iran",
        "iraq", "syria", "israel", "france", "germany", "britain", "england", "uk", "u.k.", "japan", "india",
        "pakistan", "afghanistan", "ukraine", "cuba", "venezuela", "brazil", "korea", "north korea",
        "south korea", "europe", "asia", "africa", "washington", "new york", "california", "texas", "florida",
        "ohio", "pennsylvania", "michigan", "wisconsin", "iowa", "virginia", "north carolina", "arizona",
        "nevada", "colorado", "georgia", "new hampshire", "illinois", "chicago", "los angeles",
        "philadelphia", "cleveland", "boston", "atlanta", "miami", "dallas", "houston", "detroit",
        "baltimore", "denver", "seattle", "new jersey", "maryland", "massachusetts", "minnesota", "missouri",
        "indiana", "tennessee", "kentucky", "louisiana", "alabama", "mississippi", "utah", "oregon",
        "connecticut", "kansas", "nebraska", "oklahoma", "arkansas", "south carolina", "west virginia",
        "idaho", "montana", "wyoming", "maine", "vermont", "alaska", "hawaii", "new mexico", "delaware",
        "rhode island", "north dakota", "south dakota", "manhattan", "brooklyn", "london", "paris", "moscow",
        "beijing", "mexico city", "tehran", "baghdad", "damascus", "jerusalem", "kabul", "havana", "caracas",
        "ottawa", "berlin", "tokyo", "seoul", "middle east", "latin america", "central america",
        "south america", "west", "east", "midwest", "d.c.", "d.c", "capitol hill", "wall street",
        "silicon valley", "hollywood", "sinaloa", "tijuana", "juarez", "guatemala", "honduras", "el salvador",
        "colombia", "argentina", "chile", "peru", "spain", "italy", "greece", "turkey", "egypt", "libya",
        "saudi arabia", "yemen", "qatar", "lebanon", "jordan", "palestine", "gaza", "taiwan", "vietnam",
        "philippines", "indonesia", "australia", "ireland", "scotland", "poland", "hungary", "sweden",
        "norway", "denmark", "netherlands", "belgium", "switzerland", "austria", "portugal", "haiti",
        "puerto rico", "guam", "nigeria", "kenya", "south africa", "ethiopia", "somalia", "sudan", "benghazi",
        "aleppo", "mosul", "raqqa",
    ])
});

/// Whether a lower-cased word names a group of people by party, nation, faith or region (`republican`,
/// `syrian`, `islander`): capitalized like a name, but never one person.
pub(crate) fn is_group_adjective(word: &str) -> bool {
    matches!(
        word,
        "republican"
            | "republicans"
            | "democrat"
            | "democrats"
            | "democratic"
            | "gop"
            | "american"
            | "americans"
            | "german"
            | "french"
            | "british"
            | "english"
            | "mexican"
            | "chinese"
            | "russian"
            | "iranian"
            | "israeli"
            | "syrian"
            | "iraqi"
            | "afghan"
            | "kazakh"
            | "muslim"
            | "muslims"
            | "christian"
            | "christians"
            | "jewish"
            | "catholic"
            | "evangelical"
            | "hispanic"
            | "hispanics"
            | "latino"
            | "latinos"
            | "african"
            | "asian"
            | "european"
            | "islander"
            | "libertarian"
            | "conservative"
            | "liberal"
            | "progressive"
            | "trumpian"
    )
}

/// Whether a lower-cased name is a place.
pub(crate) fn is_place(name: &str) -> bool {
    PLACES.contains(name)
}

/// Personal pronouns that can stand for a speaker, with the gender they ask of their antecedent.
pub(crate) fn pronoun(word: &str) -> Option<Pronoun> {
    Some(match base(word) {
        "he" | "him" | "his" => Pronoun::He,
        "she" | "her" | "hers" => Pronoun::She,
        "they" | "them" | "their" => Pronoun::They,
        "it" | "its" => Pronoun::It,
        "i" | "we" | "me" | "us" | "you" => Pronoun::Other,
        "who" | "which" | "that" => Pronoun::Relative,
        _ => return None,
    })
}

/// What a pronoun asks of its antecedent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pronoun {
    He,
    She,
    They,
    It,
    /// First and second person: only the article's author or the reader.
    Other,
    /// `who`, `which`: the noun right before.
    Relative,
}

/// Nouns for people who speak without a name (`a source`, `officials`): no speaker can be named from them.
pub(crate) fn is_anonymous_noun(word: &str) -> bool {
    matches!(
        word,
        "source"
            | "sources"
            | "official"
            | "officials"
            | "people"
            | "person"
            | "aide"
            | "aides"
            | "insider"
            | "insiders"
            | "critics"
            | "critic"
            | "supporters"
            | "supporter"
            | "protesters"
            | "protester"
            | "crowd"
            | "user"
            | "users"
            | "observers"
            | "analysts"
            | "experts"
            | "expert"
            | "voters"
            | "voter"
            | "residents"
            | "resident"
            | "friend"
            | "friends"
            | "witness"
            | "witnesses"
            | "some"
            | "others"
            | "many"
            | "one"
            | "someone"
            | "somebody"
            | "everyone"
            | "reporters"
            | "reporter"
            | "audience"
            | "fans"
            | "members"
            | "member"
            | "staffers"
            | "staffer"
            | "attendees"
            | "man"
            | "woman"
            | "men"
            | "women"
            | "democrats"
            | "republicans"
            | "conservatives"
            | "liberals"
            | "lawmakers"
            | "activists"
            | "students"
            | "parents"
            | "americans"
            | "commenters"
            | "commentators"
            | "writers"
            | "economists"
            | "pundits"
            | "donors"
            | "leaders"
            | "allies"
            | "advisers"
            | "advisors"
            | "insists"
            | "spokesperson"
            | "narrator"
            | "announcer"
    )
}

/// Words (lower-cased) never taken as a speaker's name on their own.
pub(crate) fn is_bad_speaker_word(word: &str) -> bool {
    is_not_name(word)
        || matches!(
            word,
            "god"
                | "internet"
                | "web"
                | "tv"
                | "mr."
                | "mrs."
                | "ms."
                | "dr."
                | "sen."
                | "rep."
                | "gov."
                | "lord"
                | "jesus"
                | "christ"
                | "allah"
                | "twitter"
                | "facebook"
        )
}

/// Words that cannot end a speaker noun phrase going backward (verbs and adverbs around a cue).
pub(crate) fn is_skippable_before_cue(word: &str) -> bool {
    word.ends_with("ly")
        || matches!(
            word,
            "also"
                | "then"
                | "later"
                | "once"
                | "again"
                | "has"
                | "had"
                | "have"
                | "was"
                | "is"
                | "were"
                | "are"
                | "would"
                | "will"
                | "could"
                | "can"
                | "did"
                | "does"
                | "do"
                | "just"
                | "even"
                | "still"
                | "often"
                | "previously"
                | "recently"
                | "subsequently"
                | "further"
                | "soon"
                | "never"
                | "not"
                | "always"
                | "first"
                | "last"
                | "only"
                | "already"
                | "ever"
                | "may"
                | "might"
                | "should"
                | "must"
                | "been"
                | "being"
                | "be"
                | "simply"
                | "flatly"
                | "quickly"
                | "jokingly"
                | "reportedly"
                | "allegedly"
                | "famously"
                | "repeatedly"
                | "today"
                | "tonight"
                | "yesterday"
                | "tweeting"
                | "shortly"
                | "thereafter"
                | "now"
                | "however"
                | "too"
                | "instead"
                | "meanwhile"
                | "nonetheless"
                | "nevertheless"
                | "though"
                | "therefore"
                | "thus"
                | "indeed"
                | "earlier"
                | "long"
                | "publicly"
                | "privately"
        )
}

/// Day, month and time words that follow a cue without being its speaker (`said Friday`).
pub(crate) fn is_time_word(word: &str) -> bool {
    matches!(
        word,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "tonight"
            | "yesterday"
            | "tomorrow"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan."
            | "feb."
            | "mar."
            | "apr."
            | "aug."
            | "sept."
            | "sep."
            | "oct."
            | "nov."
            | "dec."
            | "earlier"
            | "later"
            | "last"
            | "this"
            | "recently"
            | "then"
            | "afterward"
            | "afterwards"
            | "previously"
            | "morning"
            | "evening"
            | "night"
            | "week"
            | "month"
            | "year"
    )
}

/// Abbreviations that end in a period without ending a sentence.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "sen"
            | "sens"
            | "rep"
            | "reps"
            | "gov"
            | "lt"
            | "gen"
            | "adm"
            | "col"
            | "capt"
            | "sgt"
            | "maj"
            | "rev"
            | "prof"
            | "st"
            | "jr"
            | "sr"
            | "vs"
            | "no"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "inc"
            | "corp"
            | "co"
            | "ltd"
            | "mt"
            | "ft"
            | "pres"
            | "sec"
            | "amb"
            | "supt"
            | "atty"
            | "dept"
            | "univ"
            | "approx"
            | "est"
            | "fig"
            | "gop"
            | "etc"
            | "al"
            | "ave"
            | "blvd"
            | "cmdr"
            | "insp"
            | "hon"
            | "messrs"
            | "mmes"
            | "msgr"
            | "fr"
            | "ret"
            | "pp"
            | "vol"
            | "ariz"
            | "calif"
            | "colo"
            | "conn"
            | "fla"
            | "ga"
            | "ill"
            | "ind"
            | "kan"
            | "ky"
            | "la"
            | "md"
            | "mass"
            | "mich"
            | "minn"
            | "miss"
            | "mo"
            | "mont"
            | "neb"
            | "nev"
            | "okla"
            | "ore"
            | "pa"
            | "tenn"
            | "tex"
            | "va"
            | "vt"
            | "wash"
            | "wis"
            | "wyo"
            | "del"
            | "ala"
            | "ark"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_answer_lower_case_lookups() {
        assert!(is_cue_verb("said") && !is_cue_verb("according"));
        assert!(is_invertible("said") && !is_invertible("told"));
        assert_eq!(first_name_gender("claudia"), Some(Gender::Female));
        assert_eq!(first_name_gender("donald"), Some(Gender::Male));
        assert_eq!(first_name_gender("kim"), None);
        assert_eq!(normalize_title("sen."), Some("senator"));
        assert!(is_org_word("foundation") && is_place("mexico"));
        assert_eq!(pronoun("she"), Some(Pronoun::She));
    }
}
