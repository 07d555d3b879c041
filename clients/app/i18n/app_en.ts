<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>CaseloadPage</name>
    <message>
        <source>Search by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 participants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not active</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChoiceChips</name>
    <message>
        <source>More...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conflicts: every text is the same on all devices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These texts were changed on two devices at once. Choose what stays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The other text, from %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <source>At least %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required: choose or fill this in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a number, for example 45 or 12,5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a day and time, for example 29-03-2026 14:30.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a day, for example 29-03-2026.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This day is before the day it follows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too long: shorten the text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not accepted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing changed: type the new hours, wage or title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of this participant&apos;s jobs.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EntryPage</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <source>dd-mm-yyyy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dd-mm-yyyy hh:mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write in the participant&apos;s own words where you can.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trajectory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vocational profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>employer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>employer contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>support contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>benefits session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outreach attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>access event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fidelity score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Participant took part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matches the participant&apos;s preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With whom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind of support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next contact planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counsellor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before the job started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gross hourly wage (euro)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contact in the week before the job starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contact in the first days of the job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weekly contact (first month)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>monthly contact (first year)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contact after the job ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first employer contact (30 days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>benefits session before the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>benefits session after a change of hours or wage</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
    <message>
        <source>due today</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>due in %n day(s)</source>
        <translation>
            <numerusform>due in %n day</numerusform>
            <numerusform>due in %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>face to face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learn the employer&apos;s needs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>introduce the service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>present a candidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>arrange an interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accompany an interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>negotiate offer or accommodation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>support after hire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>follow-up planned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no vacancy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at the workplace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>co-worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>team member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UWV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>municipality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preparing the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on-site coaching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>employer consult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>problem solving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>income and benefits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>career development</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relapse support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step-down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>effects on benefits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wage-cost subsidy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tax and allowances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>debts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reporting income</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permanent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fixed-term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>agency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payroll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>self-employed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>work and learn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hospital admission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>personal circumstances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at the participant&apos;s request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>referred</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>engaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>job search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exemplary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not IPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change of hours, wage or title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end of a job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New hours or wage from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last working day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the job ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heard of the end on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dismissed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contract not renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temporary job ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>moved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>IPS Coach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParticipantPage</name>
    <message>
        <source>Employer contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Support contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job end</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TeamLead</name>
    <message>
        <source>Caseload size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employment services staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocational generalists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integration with treatment: team assignment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integration with treatment: frequent team contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collaboration with UWV and the municipality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocational unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role of the employment supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero exclusion criteria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agency focus on competitive employment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Executive team support for IPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benefits planning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disclosure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ongoing work-based assessment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rapid search for competitive jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Individualised job search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job development: frequent employer contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job development: quality of employer contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diversity of job types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diversity of employers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Competitive jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Individualised follow-along supports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time-unlimited follow-along supports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Community-based services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assertive engagement and outreach</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TeamLeadPage</name>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Employer contacts per week (face to face; norm 6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No employer contacts in these weeks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fidelity %1: %2 points (%3 of 25 items scored), %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing due this week.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) due this week</source>
        <translation>
            <numerusform>%n item due this week</numerusform>
            <numerusform>%n items due this week</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message>
        <source>+ Employer contact without a participant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1 for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The whole team&apos;s participants</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>IPS Coach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your passphrase to open your caseload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your caseload opens with your login&apos;s keyring or your device&apos;s lock: no passphrase needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>coach::app::CaseloadModel</name>
    <message>
        <source>no trajectory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no contact yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last contact %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>coach::app::ConflictsModel</name>
    <message>
        <source>this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>coach::app::EntryForm</name>
    <message>
        <source>The profile is locked: unlock it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This form does not exist: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: see the field marked in red.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This participant has no job that has not ended.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>coach::app::ProfileKeySource</name>
    <message>
        <source>The OS keyring has no key for this profile (it was deleted, or this is another user&apos;s keyring). Nothing was changed. Make a new profile with &apos;coach init --keyring&apos; and enrol it again: the team&apos;s data comes back with the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keyring was not unlocked. Unlock it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile&apos;s key in the OS keyring is damaged or was changed outside the app. Make a new profile with &apos;coach init --keyring&apos; and enrol it again: the team&apos;s data comes back with the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keyring (Secret Service) does not answer: log in to your desktop, or start its keyring, and try again. Your data is safe on this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build of the app has no OS keyring support: this profile cannot be opened here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>coach::app::Session</name>
    <message>
        <source>There is no profile on this device yet (%1). Create and enrol one with &apos;coach init&apos; and &apos;coach enrol&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That passphrase does not open this profile. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong passphrases: wait %n second(s) before the next try.</source>
        <translation>
            <numerusform>Too many wrong passphrases: wait %n second before the next try.</numerusform>
            <numerusform>Too many wrong passphrases: wait %n seconds before the next try.</numerusform>
        </translation>
    </message>
    <message>
        <source>The profile is locked: unlock it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device is full: nothing was saved. Free some space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This profile was written by a newer version of the app: update the app. (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found: it may have been erased. (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong on this device: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>coach::app::SyncStatus</name>
    <message>
        <source>Syncing...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not linked to a team server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting</source>
        <translation>
            <numerusform>%n change waiting</numerusform>
            <numerusform>%n changes waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your changes are safe on this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection with the team server. %1 The app syncs when you are back online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The team server is busy: try again in %n second(s). %1</source>
        <translation>
            <numerusform>The team server is busy: try again in %n second. %1</numerusform>
            <numerusform>The team server is busy: try again in %n seconds. %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The clock of this device is wrong. Set the date and time (automatic time) and sync again. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This device was revoked by your team (a lost or replaced device): it cannot sync any more. Ask your team lead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This device still waits for your team lead&apos;s approval. Ask your team lead to approve it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The team server does not accept this device&apos;s token. Enrol the device again with your team lead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This device belongs to another team than this server&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The team server needs a newer version of the app: update it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sync did not finish: %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This device is not linked to a team server yet: enrol it with &apos;coach enrol&apos; and your team lead&apos;s approval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sent, %2 received</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) were changed on two devices at once: choose under Conflicts.</source>
        <translation>
            <numerusform>%n text was changed on two devices at once: choose under Conflicts.</numerusform>
            <numerusform>%n texts were changed on two devices at once: choose under Conflicts.</numerusform>
        </translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The team server&apos;s certificate could not be verified: ask your admin. Your changes are safe on this device.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>coach::app::TimelineModel</name>
    <message>
        <source>unknown employer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
