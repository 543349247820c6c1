<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>JobContactDialog</name>
    <message numerus="yes">
        <source>%n character(s) left</source>
        <translation>
            <numerusform>%n character left</numerusform>
            <numerusform>%n characters left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeadSection</name>
    <message numerus="yes">
        <source>%n more positions in the units below yours: use the handover wizard to find one.</source>
        <translation>
            <numerusform>%n more position in the units below yours: use the handover wizard to find it.</numerusform>
            <numerusform>%n more positions in the units below yours: use the handover wizard to find one.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more responsibilities without an owner: the register in Who does what lists them all.</source>
        <translation>
            <numerusform>%n more responsibility without an owner: the register in Who does what lists them all.</numerusform>
            <numerusform>%n more responsibilities without an owner: the register in Who does what lists them all.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pending</numerusform>
            <numerusform>%n pending</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeopleView</name>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PersonCard</name>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PostCard</name>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n comment</numerusform>
            <numerusform>%n comments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reaction(s)</source>
        <translation>
            <numerusform>%n reaction</numerusform>
            <numerusform>%n reactions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegisterPanel</name>
    <message numerus="yes">
        <source>%n responsibilities</source>
        <translation>
            <numerusform>%n responsibility</numerusform>
            <numerusform>%n responsibilities</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n more)</source>
        <translation>
            <numerusform>(%n more)</numerusform>
            <numerusform>(%n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResponsibilityEditor</name>
    <message numerus="yes">
        <source>The description is %n character(s) too long.</source>
        <translation>
            <numerusform>The description is %n character too long.</numerusform>
            <numerusform>The description is %n characters too long.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SpacesView</name>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n unread</numerusform>
            <numerusform>%n unread</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message numerus="yes">
        <source>%n new mentions and replies</source>
        <translation>
            <numerusform>%n new mention or reply</numerusform>
            <numerusform>%n new mentions and replies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job contacts changed hands</source>
        <translation>
            <numerusform>%n job contact changed hands</numerusform>
            <numerusform>%n job contacts changed hands</numerusform>
        </translation>
    </message>
</context>
</TS>
