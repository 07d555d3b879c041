<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>CaseloadPage</name>
    <message>
        <source>Search by name</source>
        <translation>Zoek op naam</translation>
    </message>
    <message>
        <source>%1 of %2 participants</source>
        <translation>%1 van %2 deelnemers</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>not active</source>
        <translation>niet actief</translation>
    </message>
</context>
<context>
    <name>ChoiceChips</name>
    <message>
        <source>More...</source>
        <translation>Meer...</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Conflicts</source>
        <translation>Conflicten</translation>
    </message>
    <message>
        <source>No conflicts: every text is the same on all devices.</source>
        <translation>Geen conflicten: elke tekst is op alle apparaten gelijk.</translation>
    </message>
    <message>
        <source>These texts were changed on two devices at once. Choose what stays.</source>
        <translation>Deze teksten zijn op twee apparaten tegelijk gewijzigd. Kies wat blijft.</translation>
    </message>
    <message>
        <source>Keep this one</source>
        <translation>Deze bewaren</translation>
    </message>
    <message>
        <source>Keep the other</source>
        <translation>De andere bewaren</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>Beide bewaren</translation>
    </message>
    <message>
        <source>The text now</source>
        <translation>De tekst nu</translation>
    </message>
    <message>
        <source>The other text, from %1, %2</source>
        <translation>De andere tekst, van %1, %2</translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <source>At least %1.</source>
        <translation>Minstens %1.</translation>
    </message>
    <message>
        <source>At most %1.</source>
        <translation>Hoogstens %1.</translation>
    </message>
    <message>
        <source>Required: choose or fill this in.</source>
        <translation>Verplicht: kies of vul dit in.</translation>
    </message>
    <message>
        <source>Type a number, for example 45 or 12,5.</source>
        <translation>Typ een getal, bijvoorbeeld 45 of 12,5.</translation>
    </message>
    <message>
        <source>Type a day and time, for example 29-03-2026 14:30.</source>
        <translation>Typ een dag en tijd, bijvoorbeeld 29-03-2026 14:30.</translation>
    </message>
    <message>
        <source>Type a day, for example 29-03-2026.</source>
        <translation>Typ een dag, bijvoorbeeld 29-03-2026.</translation>
    </message>
    <message>
        <source>This day is before the day it follows.</source>
        <translation>Deze dag ligt vóór de dag waar hij op volgt.</translation>
    </message>
    <message>
        <source>Too long: shorten the text.</source>
        <translation>Te lang: maak de tekst korter.</translation>
    </message>
    <message>
        <source>Choose one of the options.</source>
        <translation>Kies een van de mogelijkheden.</translation>
    </message>
    <message>
        <source>Not accepted: %1</source>
        <translation>Niet geaccepteerd: %1</translation>
    </message>
    <message>
        <source>Nothing changed: type the new hours, wage or title.</source>
        <translation>Niets gewijzigd: typ de nieuwe uren, het nieuwe loon of de nieuwe functie.</translation>
    </message>
    <message>
        <source>Choose one of this participant&apos;s jobs.</source>
        <translation>Kies een van de banen van deze deelnemer.</translation>
    </message>
</context>
<context>
    <name>EntryPage</name>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Opslaan</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <source>dd-mm-yyyy</source>
        <translation>dd-mm-jjjj</translation>
    </message>
    <message>
        <source>dd-mm-yyyy hh:mm</source>
        <translation>dd-mm-jjjj uu:mm</translation>
    </message>
    <message>
        <source>Write in the participant&apos;s own words where you can.</source>
        <translation>Schrijf waar het kan in de eigen woorden van de deelnemer.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>participant</source>
        <translation>deelnemer</translation>
    </message>
    <message>
        <source>trajectory</source>
        <translation>traject</translation>
    </message>
    <message>
        <source>vocational profile</source>
        <translation>beroepsprofiel</translation>
    </message>
    <message>
        <source>employer</source>
        <translation>werkgever</translation>
    </message>
    <message>
        <source>employer contact</source>
        <translation>werkgeverscontact</translation>
    </message>
    <message>
        <source>job</source>
        <translation>baan</translation>
    </message>
    <message>
        <source>support contact</source>
        <translation>steuncontact</translation>
    </message>
    <message>
        <source>benefits session</source>
        <translation>uitkeringsadvies</translation>
    </message>
    <message>
        <source>meeting</source>
        <translation>overleg</translation>
    </message>
    <message>
        <source>consent</source>
        <translation>toestemming</translation>
    </message>
    <message>
        <source>outreach attempt</source>
        <translation>contactpoging</translation>
    </message>
    <message>
        <source>pause</source>
        <translation>pauze</translation>
    </message>
    <message>
        <source>access event</source>
        <translation>inzage</translation>
    </message>
    <message>
        <source>fidelity score</source>
        <translation>getrouwheidsscore</translation>
    </message>
    <message>
        <source>note</source>
        <translation>notitie</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Dag</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>Werkgever</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>Deelnemer</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Baan</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Hoe</translation>
    </message>
    <message>
        <source>Participant took part</source>
        <translation>Deelnemer was erbij</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Doel</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Uitkomst</translation>
    </message>
    <message>
        <source>Matches the participant&apos;s preferences</source>
        <translation>Past bij de wensen van de deelnemer</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Waar</translation>
    </message>
    <message>
        <source>With whom</source>
        <translation>Met wie</translation>
    </message>
    <message>
        <source>Kind of support</source>
        <translation>Soort ondersteuning</translation>
    </message>
    <message>
        <source>Next contact planned</source>
        <translation>Volgend contact gepland</translation>
    </message>
    <message>
        <source>Counsellor</source>
        <translation>Adviseur</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Onderwerpen</translation>
    </message>
    <message>
        <source>Before the job started</source>
        <translation>Vóór de start van de baan</translation>
    </message>
    <message>
        <source>Coach</source>
        <translation>Coach</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>Functie</translation>
    </message>
    <message>
        <source>First working day</source>
        <translation>Eerste werkdag</translation>
    </message>
    <message>
        <source>Hours per week</source>
        <translation>Uren per week</translation>
    </message>
    <message>
        <source>Gross hourly wage (euro)</source>
        <translation>Bruto uurloon (euro)</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Contract</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <source>Review on</source>
        <translation>Evalueren op</translation>
    </message>
    <message>
        <source>contact in the week before the job starts</source>
        <translation>contact in de week vóór de start</translation>
    </message>
    <message>
        <source>contact in the first days of the job</source>
        <translation>contact in de eerste dagen van de baan</translation>
    </message>
    <message>
        <source>weekly contact (first month)</source>
        <translation>wekelijks contact (eerste maand)</translation>
    </message>
    <message>
        <source>monthly contact (first year)</source>
        <translation>maandelijks contact (eerste jaar)</translation>
    </message>
    <message>
        <source>contact after the job ended</source>
        <translation>contact na het einde van de baan</translation>
    </message>
    <message>
        <source>first employer contact (30 days)</source>
        <translation>eerste werkgeverscontact (30 dagen)</translation>
    </message>
    <message>
        <source>benefits session before the start</source>
        <translation>uitkeringsadvies vóór de start</translation>
    </message>
    <message>
        <source>benefits session after a change of hours or wage</source>
        <translation>uitkeringsadvies na wijziging van uren of loon</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>vandaag</translation>
    </message>
    <message>
        <source>face to face</source>
        <translation>face-to-face</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>telefoon</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>video</source>
        <translation>video</translation>
    </message>
    <message>
        <source>learn the employer&apos;s needs</source>
        <translation>behoeften werkgever leren kennen</translation>
    </message>
    <message>
        <source>introduce the service</source>
        <translation>dienst voorstellen</translation>
    </message>
    <message>
        <source>present a candidate</source>
        <translation>kandidaat voorstellen</translation>
    </message>
    <message>
        <source>arrange an interview</source>
        <translation>sollicitatiegesprek regelen</translation>
    </message>
    <message>
        <source>accompany an interview</source>
        <translation>sollicitatiegesprek begeleiden</translation>
    </message>
    <message>
        <source>negotiate offer or accommodation</source>
        <translation>onderhandelen over aanbod of aanpassing</translation>
    </message>
    <message>
        <source>support after hire</source>
        <translation>steun na plaatsing</translation>
    </message>
    <message>
        <source>information</source>
        <translation>informatie</translation>
    </message>
    <message>
        <source>follow-up planned</source>
        <translation>vervolg gepland</translation>
    </message>
    <message>
        <source>interview</source>
        <translation>sollicitatiegesprek</translation>
    </message>
    <message>
        <source>offer</source>
        <translation>aanbod</translation>
    </message>
    <message>
        <source>no vacancy</source>
        <translation>geen vacature</translation>
    </message>
    <message>
        <source>at the workplace</source>
        <translation>op de werkplek</translation>
    </message>
    <message>
        <source>elsewhere</source>
        <translation>elders</translation>
    </message>
    <message>
        <source>co-worker</source>
        <translation>collega</translation>
    </message>
    <message>
        <source>family</source>
        <translation>familie</translation>
    </message>
    <message>
        <source>team member</source>
        <translation>teamlid</translation>
    </message>
    <message>
        <source>UWV</source>
        <translation>UWV</translation>
    </message>
    <message>
        <source>municipality</source>
        <translation>gemeente</translation>
    </message>
    <message>
        <source>preparing the start</source>
        <translation>voorbereiding start</translation>
    </message>
    <message>
        <source>first days</source>
        <translation>eerste dagen</translation>
    </message>
    <message>
        <source>on-site coaching</source>
        <translation>coaching op de werkplek</translation>
    </message>
    <message>
        <source>employer consult</source>
        <translation>overleg met werkgever</translation>
    </message>
    <message>
        <source>problem solving</source>
        <translation>probleem oplossen</translation>
    </message>
    <message>
        <source>income and benefits</source>
        <translation>inkomen en uitkering</translation>
    </message>
    <message>
        <source>career development</source>
        <translation>loopbaanontwikkeling</translation>
    </message>
    <message>
        <source>relapse support</source>
        <translation>steun bij terugval</translation>
    </message>
    <message>
        <source>step-down</source>
        <translation>afbouw</translation>
    </message>
    <message>
        <source>effects on benefits</source>
        <translation>gevolgen voor de uitkering</translation>
    </message>
    <message>
        <source>wage-cost subsidy</source>
        <translation>loonkostensubsidie</translation>
    </message>
    <message>
        <source>tax and allowances</source>
        <translation>belasting en toeslagen</translation>
    </message>
    <message>
        <source>debts</source>
        <translation>schulden</translation>
    </message>
    <message>
        <source>reporting income</source>
        <translation>inkomsten doorgeven</translation>
    </message>
    <message>
        <source>other</source>
        <translation>anders</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>vast</translation>
    </message>
    <message>
        <source>fixed-term</source>
        <translation>tijdelijk</translation>
    </message>
    <message>
        <source>on call</source>
        <translation>oproepkracht</translation>
    </message>
    <message>
        <source>agency</source>
        <translation>uitzendwerk</translation>
    </message>
    <message>
        <source>payroll</source>
        <translation>payroll</translation>
    </message>
    <message>
        <source>self-employed</source>
        <translation>zelfstandige</translation>
    </message>
    <message>
        <source>work and learn</source>
        <translation>werken en leren</translation>
    </message>
    <message>
        <source>hospital admission</source>
        <translation>ziekenhuisopname</translation>
    </message>
    <message>
        <source>health</source>
        <translation>gezondheid</translation>
    </message>
    <message>
        <source>personal circumstances</source>
        <translation>persoonlijke omstandigheden</translation>
    </message>
    <message>
        <source>at the participant&apos;s request</source>
        <translation>op verzoek van de deelnemer</translation>
    </message>
    <message>
        <source>referred</source>
        <translation>aangemeld</translation>
    </message>
    <message>
        <source>engaged</source>
        <translation>in begeleiding</translation>
    </message>
    <message>
        <source>job search</source>
        <translation>zoekt werk</translation>
    </message>
    <message>
        <source>working</source>
        <translation>aan het werk</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>gepauzeerd</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>afgesloten</translation>
    </message>
    <message>
        <source>exemplary</source>
        <translation>voorbeeldig</translation>
    </message>
    <message>
        <source>good</source>
        <translation>goed</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>redelijk</translation>
    </message>
    <message>
        <source>not IPS</source>
        <translation>geen IPS</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>onvolledig</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n dag te laat</numerusform>
            <numerusform>%n dagen te laat</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>due in %n day(s)</source>
        <translation>
            <numerusform>over %n dag</numerusform>
            <numerusform>over %n dagen</numerusform>
        </translation>
    </message>
    <message>
        <source>change of hours, wage or title</source>
        <translation>wijziging van uren, loon of functie</translation>
    </message>
    <message>
        <source>end of a job</source>
        <translation>einde van een baan</translation>
    </message>
    <message>
        <source>New hours or wage from</source>
        <translation>Nieuwe uren of loon vanaf</translation>
    </message>
    <message>
        <source>Last working day</source>
        <translation>Laatste werkdag</translation>
    </message>
    <message>
        <source>Why the job ended</source>
        <translation>Waarom de baan eindigde</translation>
    </message>
    <message>
        <source>Ended by</source>
        <translation>Beëindigd door</translation>
    </message>
    <message>
        <source>Heard of the end on</source>
        <translation>Einde gehoord op</translation>
    </message>
    <message>
        <source>another job</source>
        <translation>een andere baan</translation>
    </message>
    <message>
        <source>resigned</source>
        <translation>zelf opgezegd</translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation>ontslagen</translation>
    </message>
    <message>
        <source>contract not renewed</source>
        <translation>contract niet verlengd</translation>
    </message>
    <message>
        <source>temporary job ended</source>
        <translation>tijdelijke baan afgelopen</translation>
    </message>
    <message>
        <source>moved</source>
        <translation>verhuisd</translation>
    </message>
    <message>
        <source>both</source>
        <translation>in onderling overleg</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>IPS Coach</source>
        <translation>IPS Coach</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Terug</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Vandaag</translation>
    </message>
    <message>
        <source>Caseload</source>
        <translation>Caseload</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflicten</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Switch language</source>
        <translation>Andere taal</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Vergrendelen</translation>
    </message>
</context>
<context>
    <name>ParticipantPage</name>
    <message>
        <source>Employer contact</source>
        <translation>Werkgeverscontact</translation>
    </message>
    <message>
        <source>Support contact</source>
        <translation>Steuncontact</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notitie</translation>
    </message>
    <message>
        <source>Job start</source>
        <translation>Start baan</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pauze</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>Nog niets vastgelegd.</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>Job change</source>
        <translation>Baan wijzigen</translation>
    </message>
    <message>
        <source>Job end</source>
        <translation>Einde baan</translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <source>Sync</source>
        <translation>Synchroniseren</translation>
    </message>
</context>
<context>
    <name>TeamLead</name>
    <message>
        <source>Caseload size</source>
        <translation>Omvang caseload</translation>
    </message>
    <message>
        <source>Employment services staff</source>
        <translation>Medewerkers arbeidsdienstverlening</translation>
    </message>
    <message>
        <source>Vocational generalists</source>
        <translation>Generalistische jobcoaches</translation>
    </message>
    <message>
        <source>Integration with treatment: team assignment</source>
        <translation>Integratie met behandeling: vast in het team</translation>
    </message>
    <message>
        <source>Integration with treatment: frequent team contact</source>
        <translation>Integratie met behandeling: veel contact met het team</translation>
    </message>
    <message>
        <source>Collaboration with UWV and the municipality</source>
        <translation>Samenwerking met UWV en gemeente</translation>
    </message>
    <message>
        <source>Vocational unit</source>
        <translation>Vakgroep jobcoaches</translation>
    </message>
    <message>
        <source>Role of the employment supervisor</source>
        <translation>Rol van de IPS-teamleider</translation>
    </message>
    <message>
        <source>Zero exclusion criteria</source>
        <translation>Geen uitsluitingscriteria</translation>
    </message>
    <message>
        <source>Agency focus on competitive employment</source>
        <translation>Organisatie gericht op regulier werk</translation>
    </message>
    <message>
        <source>Executive team support for IPS</source>
        <translation>Steun van de directie voor IPS</translation>
    </message>
    <message>
        <source>Benefits planning</source>
        <translation>Uitkeringsadvies</translation>
    </message>
    <message>
        <source>Disclosure</source>
        <translation>Openheid over de aandoening</translation>
    </message>
    <message>
        <source>Ongoing work-based assessment</source>
        <translation>Doorlopende beoordeling in het werk</translation>
    </message>
    <message>
        <source>Rapid search for competitive jobs</source>
        <translation>Snel zoeken naar regulier werk</translation>
    </message>
    <message>
        <source>Individualised job search</source>
        <translation>Zoeken naar werk op maat</translation>
    </message>
    <message>
        <source>Job development: frequent employer contact</source>
        <translation>Jobhunten: frequent werkgeverscontact</translation>
    </message>
    <message>
        <source>Job development: quality of employer contact</source>
        <translation>Jobhunten: kwaliteit van werkgeverscontact</translation>
    </message>
    <message>
        <source>Diversity of job types</source>
        <translation>Diversiteit van soorten werk</translation>
    </message>
    <message>
        <source>Diversity of employers</source>
        <translation>Diversiteit van werkgevers</translation>
    </message>
    <message>
        <source>Competitive jobs</source>
        <translation>Regulier betaald werk</translation>
    </message>
    <message>
        <source>Individualised follow-along supports</source>
        <translation>Ondersteuning op maat na plaatsing</translation>
    </message>
    <message>
        <source>Time-unlimited follow-along supports</source>
        <translation>Ondersteuning na plaatsing zonder tijdslimiet</translation>
    </message>
    <message>
        <source>Community-based services</source>
        <translation>Dienstverlening in de samenleving</translation>
    </message>
    <message>
        <source>Assertive engagement and outreach</source>
        <translation>Actieve betrokkenheid en outreach</translation>
    </message>
</context>
<context>
    <name>TeamLeadPage</name>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Employer contacts per week (face to face; norm 6)</source>
        <translation>Werkgeverscontacten per week (persoonlijk; norm 6)</translation>
    </message>
    <message>
        <source>Coach</source>
        <translation>Coach</translation>
    </message>
    <message>
        <source>No employer contacts in these weeks.</source>
        <translation>Geen werkgeverscontacten in deze weken.</translation>
    </message>
    <message>
        <source>Fidelity %1: %2 points (%3 of 25 items scored), %4</source>
        <translation>Modelgetrouwheid %1: %2 punten (%3 van 25 items gescoord), %4</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation>Vandaag</translation>
    </message>
    <message>
        <source>Nothing due this week.</source>
        <translation>Deze week staat er niets open.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) due this week</source>
        <translation>
            <numerusform>%n punt deze week</numerusform>
            <numerusform>%n punten deze week</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n te laat</numerusform>
            <numerusform>%n te laat</numerusform>
        </translation>
    </message>
    <message>
        <source>+ Employer contact without a participant</source>
        <translation>+ Werkgeverscontact zonder deelnemer</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Vastleggen</translation>
    </message>
    <message>
        <source>Record %1 for %2</source>
        <translation>%1 vastleggen voor %2</translation>
    </message>
    <message>
        <source>The whole team&apos;s participants</source>
        <translation>Deelnemers van het hele team</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>IPS Coach</source>
        <translation>IPS Coach</translation>
    </message>
    <message>
        <source>Type your passphrase to open your caseload.</source>
        <translation>Typ je wachtwoord om je caseload te openen.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <source>Your caseload opens with your login&apos;s keyring or your device&apos;s lock: no passphrase needed.</source>
        <translation>Je caseload gaat open met de sleutelbos van je login of de vergrendeling van je apparaat: geen wachtwoord nodig.</translation>
    </message>
    <message>
        <source>Opening...</source>
        <translation>Openen...</translation>
    </message>
</context>
<context>
    <name>coach::app::CaseloadModel</name>
    <message>
        <source>no trajectory</source>
        <translation>geen traject</translation>
    </message>
    <message>
        <source>no contact yet</source>
        <translation>nog geen contact</translation>
    </message>
    <message>
        <source>last contact %1</source>
        <translation>laatste contact %1</translation>
    </message>
</context>
<context>
    <name>coach::app::ConflictsModel</name>
    <message>
        <source>device %1</source>
        <translation>apparaat %1</translation>
    </message>
    <message>
        <source>this device</source>
        <translation>dit apparaat</translation>
    </message>
</context>
<context>
    <name>coach::app::EntryForm</name>
    <message>
        <source>The profile is locked: unlock it first.</source>
        <translation>Het profiel is vergrendeld: ontgrendel het eerst.</translation>
    </message>
    <message>
        <source>This form does not exist: %1</source>
        <translation>Dit formulier bestaat niet: %1</translation>
    </message>
    <message>
        <source>Not saved: see the field marked in red.</source>
        <translation>Niet opgeslagen: zie het rood gemarkeerde veld.</translation>
    </message>
    <message>
        <source>This participant has no job that has not ended.</source>
        <translation>Deze deelnemer heeft geen baan die nog loopt.</translation>
    </message>
</context>
<context>
    <name>coach::app::ProfileKeySource</name>
    <message>
        <source>The OS keyring has no key for this profile (it was deleted, or this is another user&apos;s keyring). Nothing was changed. Make a new profile with &apos;coach init --keyring&apos; and enrol it again: the team&apos;s data comes back with the next sync.</source>
        <translation>De sleutelbos van het systeem heeft geen sleutel voor dit profiel (verwijderd, of de sleutelbos van een andere gebruiker). Er is niets veranderd. Maak een nieuw profiel met &apos;coach init --keyring&apos; en meld het opnieuw aan: de gegevens van het team komen terug bij de volgende synchronisatie.</translation>
    </message>
    <message>
        <source>The OS keyring was not unlocked. Unlock it and try again.</source>
        <translation>De sleutelbos van het systeem is niet ontgrendeld. Ontgrendel hem en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>The profile&apos;s key in the OS keyring is damaged or was changed outside the app. Make a new profile with &apos;coach init --keyring&apos; and enrol it again: the team&apos;s data comes back with the next sync.</source>
        <translation>De sleutel van het profiel in de sleutelbos van het systeem is beschadigd of buiten de app gewijzigd. Maak een nieuw profiel met &apos;coach init --keyring&apos; en meld het opnieuw aan: de gegevens van het team komen terug bij de volgende synchronisatie.</translation>
    </message>
    <message>
        <source>The OS keyring (Secret Service) does not answer: log in to your desktop, or start its keyring, and try again. Your data is safe on this device.</source>
        <translation>De sleutelbos van het systeem (Secret Service) antwoordt niet: log in op je bureaublad, of start de sleutelbos, en probeer het opnieuw. Je gegevens zijn veilig op dit apparaat.</translation>
    </message>
    <message>
        <source>This build of the app has no OS keyring support: this profile cannot be opened here.</source>
        <translation>Deze versie van de app kan niet met de sleutelbos van het systeem werken: dit profiel gaat hier niet open.</translation>
    </message>
</context>
<context>
    <name>coach::app::Session</name>
    <message>
        <source>There is no profile on this device yet (%1). Create and enrol one with &apos;coach init&apos; and &apos;coach enrol&apos;.</source>
        <translation>Er is nog geen profiel op dit apparaat (%1). Maak er een en meld het aan met &apos;coach init&apos; en &apos;coach enrol&apos;.</translation>
    </message>
    <message>
        <source>Type your passphrase.</source>
        <translation>Typ je wachtwoord.</translation>
    </message>
    <message>
        <source>That passphrase does not open this profile. Try again.</source>
        <translation>Met dit wachtwoord gaat dit profiel niet open. Probeer het opnieuw.</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong passphrases: wait %n second(s) before the next try.</source>
        <translation>
            <numerusform>Te vaak een verkeerd wachtwoord: wacht %n seconde voor de volgende poging.</numerusform>
            <numerusform>Te vaak een verkeerd wachtwoord: wacht %n seconden voor de volgende poging.</numerusform>
        </translation>
    </message>
    <message>
        <source>The profile is locked: unlock it first.</source>
        <translation>Het profiel is vergrendeld: ontgrendel het eerst.</translation>
    </message>
    <message>
        <source>The device is full: nothing was saved. Free some space and try again.</source>
        <translation>Het apparaat is vol: er is niets opgeslagen. Maak ruimte vrij en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>This profile was written by a newer version of the app: update the app. (%1)</source>
        <translation>Dit profiel is gemaakt door een nieuwere versie van de app: werk de app bij. (%1)</translation>
    </message>
    <message>
        <source>Not found: it may have been erased. (%1)</source>
        <translation>Niet gevonden: misschien is het gewist. (%1)</translation>
    </message>
    <message>
        <source>Something went wrong on this device: %1</source>
        <translation>Er ging iets mis op dit apparaat: %1</translation>
    </message>
</context>
<context>
    <name>coach::app::SyncStatus</name>
    <message>
        <source>Syncing...</source>
        <translation>Bezig met synchroniseren...</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Not linked to a team server</source>
        <translation>Niet gekoppeld aan een teamserver</translation>
    </message>
    <message>
        <source>Sync problem</source>
        <translation>Probleem met synchroniseren</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>niets wacht</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n wijziging wacht</numerusform>
            <numerusform>%n wijzigingen wachten</numerusform>
        </translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>nog nooit gesynchroniseerd</translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>laatst gesynchroniseerd %1</translation>
    </message>
    <message>
        <source>Your changes are safe on this device.</source>
        <translation>Je wijzigingen staan veilig op dit apparaat.</translation>
    </message>
    <message>
        <source>No connection with the team server. %1 The app syncs when you are back online.</source>
        <translation>Geen verbinding met de teamserver. %1 De app synchroniseert zodra je weer online bent.</translation>
    </message>
    <message numerus="yes">
        <source>The team server is busy: try again in %n second(s). %1</source>
        <translation>
            <numerusform>De teamserver is druk: probeer het over %n seconde opnieuw. %1</numerusform>
            <numerusform>De teamserver is druk: probeer het over %n seconden opnieuw. %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The clock of this device is wrong. Set the date and time (automatic time) and sync again. %1</source>
        <translation>De klok van dit apparaat staat verkeerd. Zet datum en tijd goed (automatische tijd) en synchroniseer opnieuw. %1</translation>
    </message>
    <message>
        <source>This device was revoked by your team (a lost or replaced device): it cannot sync any more. Ask your team lead.</source>
        <translation>Dit apparaat is door je team ingetrokken (verloren of vervangen): het kan niet meer synchroniseren. Vraag het je teamleider.</translation>
    </message>
    <message>
        <source>This device still waits for your team lead&apos;s approval. Ask your team lead to approve it.</source>
        <translation>Dit apparaat wacht nog op goedkeuring. Vraag je teamleider het goed te keuren.</translation>
    </message>
    <message>
        <source>The team server does not accept this device&apos;s token. Enrol the device again with your team lead.</source>
        <translation>De teamserver accepteert de sleutel van dit apparaat niet. Meld het apparaat opnieuw aan bij je teamleider.</translation>
    </message>
    <message>
        <source>This device belongs to another team than this server&apos;s.</source>
        <translation>Dit apparaat hoort bij een ander team dan dat van deze server.</translation>
    </message>
    <message>
        <source>The team server needs a newer version of the app: update it.</source>
        <translation>De teamserver vraagt een nieuwere versie van de app: werk de app bij.</translation>
    </message>
    <message>
        <source>The sync did not finish: %1. %2</source>
        <translation>Het synchroniseren is niet afgerond: %1. %2</translation>
    </message>
    <message>
        <source>This device is not linked to a team server yet: enrol it with &apos;coach enrol&apos; and your team lead&apos;s approval.</source>
        <translation>Dit apparaat is nog niet gekoppeld aan een teamserver: meld het aan met &apos;coach enrol&apos; en laat je teamleider het goedkeuren.</translation>
    </message>
    <message>
        <source>%1 sent, %2 received</source>
        <translation>%1 verstuurd, %2 ontvangen</translation>
    </message>
    <message>
        <source>The team server&apos;s certificate could not be verified: ask your admin. Your changes are safe on this device.</source>
        <translation>Het certificaat van de teamserver kon niet worden gecontroleerd: vraag het je beheerder. Je wijzigingen staan veilig op dit apparaat.</translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) were changed on two devices at once: choose under Conflicts.</source>
        <translation>
            <numerusform>%n tekst is op twee apparaten tegelijk gewijzigd: kies bij Conflicten.</numerusform>
            <numerusform>%n teksten zijn op twee apparaten tegelijk gewijzigd: kies bij Conflicten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Waarschuwing: %1</translation>
    </message>
</context>
<context>
    <name>coach::app::TimelineModel</name>
    <message>
        <source>unknown employer</source>
        <translation>onbekende werkgever</translation>
    </message>
</context>
</TS>
