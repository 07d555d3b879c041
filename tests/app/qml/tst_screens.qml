// tst_screens.qml: the app's screens and editors with the real view models (test_app_qml.cpp): the core's
// verdict next to the field, choices as buttons, saving, the Today button, the caseload search, the sync line.
import QtQuick
import QtTest
import "qrc:/qml"

Item {
    id: root
    width: 360
    height: 640

    // What the screens call on the app's window and page stack (Main.qml), recorded for the checks.
    QtObject {
        id: window
        property bool wide: false
        property int backs: 0
        property var opened: []
        function back() { backs += 1 }
        function openParticipant(id) { opened = ["participant", id] }
        function openEntry(kind, participant, related) { opened = [kind, participant, related] }
    }
    Item { id: stack; property Item currentItem: Item { objectName: "todayPage" } }

    Component { id: entryPage; EntryPage { width: 360; height: 640 } }
    Component { id: todayPage; TodayPage { width: 360; height: 640 } }
    Component { id: caseloadPage; CaseloadPage { width: 360; height: 640 } }
    Component { id: syncBar; SyncBar { width: 360 } }

    TestCase {
        name: "Screens"
        when: windowShown

        function init() {
            window.backs = 0
            window.opened = []
        }

        function test_theCoresVerdictIsShownNextToTheField() {
            verify(entry.start("employer_contact", fixture.sanne, ""))
            var page = createTemporaryObject(entryPage, root)
            waitForRendering(page)
            mouseClick(findChild(page, "saveButton"))
            var error = findChild(page, "error_employer_id")
            verify(error !== null)
            tryCompare(error, "visible", true)
            compare(error.text, "Verplicht: kies of vul dit in.")
            compare(findChild(page, "entryError").text, "Niet opgeslagen: zie het rood gemarkeerde veld.")
            compare(window.backs, 0)
        }

        function test_choicesAreButtonsAndSavingGoesOnToTheTimeline() {
            verify(entry.start("employer_contact", fixture.sanne, ""))
            var page = createTemporaryObject(entryPage, root)
            waitForRendering(page)
            var bruin = findChild(page, "choice_employer_id_0")
            compare(bruin.text, "Koffiebranderij Bruin")
            mouseClick(bruin)
            compare(entry.value("employer_id"), fixture.bruin)
            tryCompare(findChild(page, "choice_employer_id_0"), "checked", true)
            var purpose = findChild(page, "choice_purpose_2")
            compare(purpose.text, "kandidaat voorstellen")
            mouseClick(purpose)
            compare(entry.value("purpose"), "present_candidate")
            mouseClick(findChild(page, "saveButton"))
            compare(window.backs, 1)
            compare(window.opened, ["participant", fixture.sanne])
        }

        function test_theQuickEntryWorksFromTheKeyboard() {
            verify(entry.start("employer_contact", fixture.sanne, ""))
            var page = createTemporaryObject(entryPage, root)
            waitForRendering(page)
            var first = findChild(page, "choice_employer_id_0")
            first.forceActiveFocus(Qt.TabFocusReason)
            verify(first.activeFocus)
            keyClick(Qt.Key_Tab)
            var second = findChild(page, "choice_employer_id_1")
            verify(second.activeFocus)
            keyClick(Qt.Key_Space)
            verify(entry.value("employer_id") !== "" && entry.value("employer_id") !== fixture.bruin)
            keyClick(Qt.Key_Tab)
            verify(findChild(page, "choice_purpose_0").activeFocus)
            keyClick(Qt.Key_Space)
            compare(entry.value("purpose"), "learn_needs")
            keyClick(Qt.Key_Return, Qt.ControlModifier)   // Ctrl+Return saves
            compare(window.backs, 1)
        }

        function test_todaysRecordButtonOpensTheMatchingQuickEntry() {
            var page = createTemporaryObject(todayPage, root)
            waitForRendering(page)
            verify(agenda.count > 0)
            var button = findChild(page, "record_0")
            verify(button !== null)
            compare(button.text, "Vastleggen")
            mouseClick(button)
            compare(window.opened.length, 3)
            verify(["employer_contact", "support_contact", "benefits_session"].indexOf(window.opened[0]) >= 0)
        }

        function test_theCaseloadSearchFiltersAsTheCoachTypes() {
            var page = createTemporaryObject(caseloadPage, root)
            waitForRendering(page)
            var search = findChild(page, "searchField")
            mouseClick(search)
            keyClick(Qt.Key_M)
            keyClick(Qt.Key_O)
            keyClick(Qt.Key_H)
            compare(caseload.search, "moh")
            compare(caseload.count, 1)
            compare(findChild(page, "caseloadCount").text, "1 van 2 deelnemers")
            caseload.search = ""
        }

        function test_aJobChangeShowsTheJobsHoursToTypeOver() {
            verify(entry.start("job_change", fixture.mohammed, ""))
            var page = createTemporaryObject(entryPage, root)
            waitForRendering(page)
            compare(findChild(page, "choice_job_id_0").text, "Fietsenmaker (2026-03-04)")
            verify(findChild(page, "choice_job_id_0").checked)   // the only current job is chosen
            var hours = findChild(page, "field_hours_per_week")
            compare(hours.text, "16")
            mouseClick(hours)
            hours.selectAll()
            keyClick(Qt.Key_2)
            keyClick(Qt.Key_0)
            compare(entry.value("hours_per_week"), "20")
            mouseClick(findChild(page, "saveButton"))
            compare(window.backs, 1)
            compare(window.opened, ["participant", fixture.mohammed])   // on to the participant's page
        }

        function test_aJobEndWithoutAReasonIsMarkedAtTheReason() {
            verify(entry.start("job_end", fixture.mohammed, ""))
            var page = createTemporaryObject(entryPage, root)
            waitForRendering(page)
            compare(findChild(page, "choice_end_reason_2").text, "ontslagen")
            compare(findChild(page, "choice_end_initiated_by_2").text, "in onderling overleg")
            mouseClick(findChild(page, "saveButton"))
            var error = findChild(page, "error_end_reason")
            tryCompare(error, "visible", true)
            compare(error.text, "Verplicht: kies of vul dit in.")
            compare(window.backs, 0)
        }

        function test_theSyncLineSaysWhatWaits() {
            var bar = createTemporaryObject(syncBar, root)
            waitForRendering(bar)
            var line = findChild(bar, "syncLine")
            compare(line.text, syncStatus.line)
            verify(line.text.indexOf("nooit gesynchroniseerd") >= 0)
            verify(syncStatus.waiting > 0)   // the core's count: the test caseload was never synced
            verify(line.text.indexOf(syncStatus.waiting + " wijzigingen wachten") >= 0)
            mouseClick(findChild(bar, "syncButton"))
            tryVerify(function () { return findChild(bar, "syncProblem").visible })
            verify(findChild(bar, "syncProblem").text.indexOf("coach enrol") >= 0)
        }
    }
}
