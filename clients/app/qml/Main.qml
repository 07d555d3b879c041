// Main: the window. Locked: the Unlock screen. Unlocked: the sections (Today, Caseload, Conflicts, Team) in a
// bar, a stack for the participant page and quick entry, and the sync line, always visible at the bottom.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: window
    width: 360
    height: 640
    visible: true
    title: qsTr("IPS Coach")
    color: Theme.background
    // The Basic style draws highlighted and checked buttons with `dark` and their text with `brightText`.
    palette.dark: Theme.accent
    palette.brightText: "white"
    palette.highlight: Theme.accent

    readonly property bool wide: width >= 700

    function showSection(name) {
        stack.clear()
        if (name === "caseload") stack.push(caseloadPage)
        else if (name === "conflicts") stack.push(conflictsPage)
        else if (name === "team") stack.push(teamPage)
        else stack.push(todayPage)
        section = name
    }
    function openParticipant(participantId) {
        timeline.participantId = participantId
        stack.push(participantPage)
    }
    function openEntry(kind, participantId, relatedId) {
        if (!entry.start(kind, participantId, relatedId || "")) return
        stack.push(entryPage)
    }
    function back() { if (stack.depth > 1) stack.pop() }

    property string section: "today"

    Component { id: todayPage; TodayPage {} }
    Component { id: caseloadPage; CaseloadPage {} }
    Component { id: participantPage; ParticipantPage {} }
    Component { id: entryPage; EntryPage {} }
    Component { id: conflictsPage; ConflictsPage {} }
    Component { id: teamPage; TeamLeadPage {} }

    Shortcut { sequences: [StandardKey.Back]; onActivated: window.back() }
    Shortcut { sequence: "Esc"; enabled: stack.depth > 1; onActivated: window.back() }
    Shortcut { sequence: "Alt+1"; enabled: session.unlocked; onActivated: window.showSection("today") }
    Shortcut { sequence: "Alt+2"; enabled: session.unlocked; onActivated: window.showSection("caseload") }
    Shortcut { sequence: "Alt+3"; enabled: session.unlocked; onActivated: window.showSection("conflicts") }
    Shortcut { sequence: "Alt+4"; enabled: session.unlocked; onActivated: window.showSection("team") }

    header: ToolBar {
        visible: session.unlocked
        background: Rectangle { color: Theme.accent }
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 4
            anchors.rightMargin: 4
            spacing: 0
            NavButton {
                objectName: "backButton"
                visible: stack.depth > 1
                text: "‹"
                font.pixelSize: 24
                Accessible.name: qsTr("Back")
                onClicked: window.back()
            }
            NavButton { objectName: "navToday"; text: qsTr("Today"); badge: agenda.overdueCount; current: window.section === "today"; onClicked: window.showSection("today") }
            NavButton { objectName: "navCaseload"; text: qsTr("Caseload"); current: window.section === "caseload"; onClicked: window.showSection("caseload") }
            NavButton { objectName: "navConflicts"; text: qsTr("Conflicts"); badge: conflicts.count; current: window.section === "conflicts"; onClicked: window.showSection("conflicts") }
            NavButton { objectName: "navTeam"; text: qsTr("Team"); current: window.section === "team"; onClicked: window.showSection("team") }
            Item { Layout.fillWidth: true }
            NavButton {
                objectName: "languageButton"
                text: session.language === "nl" ? "EN" : "NL"
                Accessible.name: qsTr("Switch language")
                onClicked: session.language = (session.language === "nl" ? "en" : "nl")
            }
            ToolButton {
                objectName: "lockButton"
                Accessible.name: qsTr("Lock")
                focusPolicy: Qt.StrongFocus
                onClicked: session.lock()
                background: Rectangle { color: parent.visualFocus ? Qt.lighter(Theme.accent, 1.4) : "transparent" }
                contentItem: Item {   // a padlock
                    implicitWidth: 20
                    implicitHeight: 22
                    Rectangle { x: 4; y: 1; width: 12; height: 14; radius: 6; color: "transparent"; border.color: "white"; border.width: 2 }
                    Rectangle { x: 1; y: 9; width: 18; height: 12; radius: 2; color: "white" }
                }
            }
        }
    }

    footer: SyncBar { visible: session.unlocked }

    UnlockPage {
        anchors.fill: parent
        visible: !session.unlocked
    }

    StackView {
        id: stack
        objectName: "stack"
        anchors.fill: parent
        visible: session.unlocked
        initialItem: todayPage
        onCurrentItemChanged: syncStatus.refreshWaiting()
    }

    Connections {
        target: session
        function onUnlockedChanged() {
            if (session.unlocked) {
                window.showSection("today")
                if (syncStatus.autoSyncMinutes > 0) syncStatus.syncNow()
            }
        }
    }
}
